package io.vertalived.vrrp.packet;

import java.net.InetAddress;
import java.security.MessageDigest;
import java.util.HashSet;

/**
 * The receive checks of an advert, in keepalived's order (RFC 5798 7.1 in keepalived's order, docs/vrrp.md; RFC 3768 7.1, RFC 5798 7.1),
 * counting each failure as keepalived does. A {@link Verdict#ko} is a counted error, a
 * {@link Verdict#drop} is silently ignored; either way the backup's timer keeps running, which
 * is how mismatched configurations turn into two masters, exactly as with keepalived.
 */
public final class AdvertValidator {
  private AdvertValidator() {}

  /** The outcome; {@code packet} is set when accepted. */
  public record Verdict(Kind kind, String reason, VrrpPacket packet) {
    public enum Kind { ACCEPT, KO, DROP }

    static Verdict ko(String reason) {
      return new Verdict(Kind.KO, reason, null);
    }

    static Verdict drop(String reason) {
      return new Verdict(Kind.DROP, reason, null);
    }

    public boolean accepted() {
      return kind == Kind.ACCEPT;
    }
  }

  /**
   * Checks one received IPv4 datagram for an instance. {@code lastMaster} is the source of the
   * last accepted advert (for {@code skip_check_adv_addr}), or null.
   */
  public static Verdict check(Ipv4Datagram d, ReceiveProfile me, VrrpStats stats, InetAddress lastMaster) {
    // 1. AH present <=> our auth type is AH
    boolean ah = d.protocol() == Ipv4Datagram.IPPROTO_AH;
    if (ah != (me.authType() == 2)) {
      stats.authTypeMismatch++;
      return Verdict.ko("authentication type mismatch (IP AH " + (ah ? "present" : "absent") + ")");
    }
    byte[] buf = d.bytes();
    int off = d.payloadOffset();
    int len = d.payloadLength();
    if (len < VrrpCodec.HEADER_LENGTH) {
      stats.packetLenErr++;
      return Verdict.ko("packet too short (" + len + " bytes)");
    }
    int version = (buf[off] >> 4) & 0x0f;
    int count = buf[off + 3] & 0xff;
    // 2. length: the packet must be exactly what it announces (RFC 3768 7.1 "length")
    int expected = VrrpCodec.length(version == 2 ? 2 : 3, count, false);
    if (len != expected || d.totalLength() > d.length()) {
      stats.packetLenErr++;
      return Verdict.ko("packet length " + len + " does not match " + count + " addresses (" + expected + ")");
    }
    // 3. TTL must be 255 (RFC 5798 7.1 "MUST verify that the IPvX TTL/HL is 255"), not for unicast
    if (!me.unicast() && d.ttl() != 255) {
      stats.ipTtlErr++;
      return Verdict.ko("TTL " + d.ttl() + " is not 255");
    }
    // 4. version
    if (version != me.version()) {
      return Verdict.ko("VRRP version " + version + " does not match ours (" + me.version() + ")");
    }
    VrrpPacket p;
    try {
      p = VrrpCodec.decode(buf, off, len, false);
    } catch (VrrpCodec.MalformedPacketException e) {
      stats.packetLenErr++;
      return Verdict.ko(e.getMessage());
    }
    // 6. v2 authentication (RFC 3768 5.3.6, 7.1) and interval
    if (version == 2) {
      if (p.authType() > 2) {
        stats.invalidAuthType++;
        return Verdict.ko("invalid authentication type " + p.authType());
      }
      if (p.authType() != me.authType()) {
        stats.authTypeMismatch++;
        return Verdict.ko("authentication type " + p.authType() + " does not match ours (" + me.authType() + ")");
      }
      if (p.authType() == 1 && !MessageDigest.isEqual(p.authData(), me.authPass())) {
        stats.authFailure++;
        return Verdict.ko("authentication failure (password mismatch)");
      }
      if (p.maxAdvertInterval() != me.advertInterval()) {
        return Verdict.drop("advertisement interval mismatch: " + p.maxAdvertInterval() + "s, ours "
            + me.advertInterval() + "s");
      }
    }
    // 7. type
    if (p.type() != VrrpPacket.TYPE_ADVERTISEMENT) {
      stats.invalidTypeRcvd++;
      return Verdict.ko("invalid VRRP type " + p.type());
    }
    // 10. checksum (v3: over the pseudo-header with the actual destination)
    int sum = VrrpCodec.checksum(java.util.Arrays.copyOfRange(buf, off, off + len), version,
        d.source(), d.destination(), false);
    if (sum != p.checksum()) {
      return Verdict.ko(String.format("invalid checksum 0x%04x, expected 0x%04x", p.checksum(), sum));
    }
    // 11. destination matches the mode
    boolean multicastDst = d.destination().isMulticastAddress();
    if (me.unicast() == multicastDst || (multicastDst && !d.destination().equals(me.multicastGroup()))) {
      stats.addrListErr++;
      return Verdict.ko("advert sent to " + d.destination().getHostAddress() + " does not match our "
          + (me.unicast() ? "unicast" : "multicast") + " mode");
    }
    // 12. address owner ignoring adverts
    if (me.ownerIgnoresAdverts()) {
      return Verdict.drop("address owner ignores adverts");
    }
    // 13.
    stats.advertRcvd++;
    // 14. VIP list (keepalived <= 2.3.2, incl. 2.2.7: a mismatch discards the advert)
    boolean sameMaster = lastMaster != null && lastMaster.equals(d.source());
    if (!(me.skipCheckAdvAddr() && sameMaster)
        && (count != me.virtualAddresses().size() || !new HashSet<>(p.addresses()).equals(me.virtualAddresses()))) {
      stats.addrListErr++;
      return Verdict.ko("address list " + p.addresses() + " does not match ours");
    }
    // 15. unicast peers
    if (me.unicast() && me.checkUnicastSrc()) {
      ReceiveProfile.Peer peer = null;
      for (ReceiveProfile.Peer candidate : me.unicastPeers()) {
        if (candidate.address().equals(d.source())) {
          peer = candidate;
        }
      }
      if (peer == null) {
        return Verdict.ko("unicast advert from " + d.source().getHostAddress() + ", not a configured peer");
      }
      if (d.ttl() < peer.minTtl() || d.ttl() > peer.maxTtl()) {
        return Verdict.drop("TTL " + d.ttl() + " outside [" + peer.minTtl() + ", " + peer.maxTtl() + "]");
      }
    }
    // 16.
    if (p.priority() == 0) {
      stats.priZeroRcvd++;
    }
    return new Verdict(Verdict.Kind.ACCEPT, null, p);
  }
}
