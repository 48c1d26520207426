package io.vertalived.vrrp.packet;

import java.net.InetAddress;
import java.security.MessageDigest;
import java.util.HashSet;

/**
 * The receive checks of an advert (RFC 3768 7.1, RFC 5798 7.1) in keepalived's order
 * (docs/vrrp.md), counting each failure as keepalived does. A {@link Verdict#ko} is a counted
 * error, a {@link Verdict#drop} is ignored; either way the backup's timer keeps running, which
 * is how mismatched configurations turn into two masters, exactly as with keepalived. A verdict's
 * reason is keepalived's log line for it, without the "(instance) " prefix; null when keepalived
 * says nothing.
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
   * Checks one received datagram (IPv4 or IPv6) for an instance. {@code lastMaster} is the source of the
   * last accepted advert (for {@code skip_check_adv_addr}), or null.
   */
  public static Verdict check(ReceivedDatagram d, ReceiveProfile me, VrrpStats stats, InetAddress lastMaster) {
    // 1. AH present <=> our auth type is AH
    boolean ah = d.protocol() == Ipv4Datagram.IPPROTO_AH;
    if (ah != (me.authType() == 2)) {
      stats.authTypeMismatch++;
      return Verdict.ko(ah ? "Received AH header but auth type not AH" : "No AH header but auth type is AH");
    }
    byte[] buf = d.bytes();
    int off = d.payloadOffset();
    int len = d.payloadLength();
    if (len < VrrpCodec.HEADER_LENGTH) {
      stats.packetLenErr++;
      return Verdict.ko("vrrp packet too short, length " + (off + len) + " and expect "
          + (off + VrrpCodec.HEADER_LENGTH));
    }
    int version = (buf[off] >> 4) & 0x0f;
    int count = buf[off + 3] & 0xff;
    // 2. length: the packet must be exactly what it announces (RFC 3768 7.1 "length")
    int expected = VrrpCodec.length(version == 2 ? 2 : 3, count, d.ipv6());
    if (len != expected) {
      stats.packetLenErr++;
      return Verdict.ko("vrrp packet too " + (len > expected ? "long" : "short") + ", length " + (off + len)
          + " and expect " + (off + expected));
    }
    if (d.totalLength() > d.length()) {
      stats.packetLenErr++;
      return Verdict.ko("ip_tot_len mismatch against received length. " + d.totalLength() + " and received "
          + d.length());
    }
    // 3. TTL must be 255 (RFC 5798 7.1 "MUST verify that the IPvX TTL/HL is 255"), not for unicast
    if (!me.unicast() && d.ttl() != 255) {
      stats.ipTtlErr++;
      return Verdict.ko("invalid TTL/HL. Received " + d.ttl() + " and expect 255");
    }
    // 4. version
    if (version != me.version()) {
      return Verdict.ko("wrong version. Received " + version + " and expect " + me.version());
    }
    VrrpPacket p;
    try {
      p = VrrpCodec.decode(buf, off, len, d.ipv6());
    } catch (VrrpCodec.MalformedPacketException e) {
      stats.packetLenErr++;
      return Verdict.ko(e.getMessage());
    }
    // 6. v2 authentication (RFC 3768 5.3.6, 7.1) and interval
    if (version == 2) {
      if (p.authType() > 2) {
        stats.invalidAuthType++;
        return Verdict.ko("Invalid auth type: " + p.authType());
      }
      if (p.authType() != me.authType()) {
        stats.authTypeMismatch++;
        return Verdict.ko("received a " + p.authType() + " auth, expecting " + me.authType() + "!");
      }
      if (p.authType() == 1 && !MessageDigest.isEqual(p.authData(), me.authPass())) {
        stats.authFailure++;
        return Verdict.ko("received an invalid passwd!");
      }
      if (p.maxAdvertInterval() != me.advertInterval()) {
        return Verdict.drop("advertisement interval mismatch mine=" + me.advertInterval() + " sec rcv'd="
            + p.maxAdvertInterval() + " sec");
      }
    }
    // 7. type
    if (p.type() != VrrpPacket.TYPE_ADVERTISEMENT) {
      stats.invalidTypeRcvd++;
      return Verdict.ko("Invalid packet type. " + p.type() + " and expect " + VrrpPacket.TYPE_ADVERTISEMENT);
    }
    // 8. the number of addresses (not for the current master with skip_check_adv_addr)
    boolean sameMaster = lastMaster != null && lastMaster.equals(d.source());
    boolean checkAddresses = !(me.skipCheckAdvAddr() && sameMaster);
    if (checkAddresses && count != me.virtualAddresses().size()) {
      stats.addrListErr++;
      return Verdict.ko("received an unexpected ip number count " + count + ", expected "
          + me.virtualAddresses().size() + "!");
    }
    // 10. checksum (v3: over the pseudo-header with the actual destination)
    int sum = VrrpCodec.checksum(java.util.Arrays.copyOfRange(buf, off, off + len), version,
        d.source(), d.destination(), false);
    if (sum != p.checksum()) {
      return Verdict.ko("Invalid VRRPv" + version + " checksum");
    }
    // 11. destination matches the mode
    boolean multicastDst = d.destination().isMulticastAddress();
    if (me.unicast() == multicastDst || (multicastDst && !d.destination().equals(me.multicastGroup()))) {
      stats.addrListErr++;
      return Verdict.ko("Expected " + (me.unicast() ? "un" : "mult") + "icast packet but received "
          + (me.unicast() ? "mult" : "un") + "icast packet");
    }
    // 12. address owner ignoring adverts
    if (me.ownerIgnoresAdverts()) {
      return new Verdict(Verdict.Kind.DROP, null, null); // the address owner ignores adverts, silently
    }
    // 13.
    stats.advertRcvd++;
    // 14. VIP list (keepalived <= 2.3.2, incl. 2.2.7: a mismatch discards the advert)
    if (checkAddresses) {
      java.util.Set<InetAddress> advertised = new HashSet<>(p.addresses());
      for (InetAddress vip : me.virtualAddresses()) {
        if (!advertised.contains(vip)) {
          stats.addrListErr++;
          return Verdict.ko("ip address associated with VRID " + p.virtualRouterId()
              + " not present in MASTER advert: " + io.vertalived.core.config.model.IpAddress.text(vip));
        }
      }
    }
    // 15. unicast peers (with the addresses' check)
    if (checkAddresses && me.unicast() && me.checkUnicastSrc()) {
      ReceiveProfile.Peer peer = null;
      for (ReceiveProfile.Peer candidate : me.unicastPeers()) {
        if (candidate.address().equals(d.source())) {
          peer = candidate;
        }
      }
      if (peer == null) {
        return Verdict.ko("unicast source address " + io.vertalived.core.config.model.IpAddress.text(d.source()) + " not a unicast peer");
      }
      if (d.ttl() < peer.minTtl() || d.ttl() > peer.maxTtl()) {
        stats.ipTtlErr++;
        return Verdict.ko("TTL/HL " + d.ttl() + " not in range " + peer.minTtl() + " - " + peer.maxTtl());
      }
    }
    // 16.
    if (p.priority() == 0) {
      stats.priZeroRcvd++;
    }
    return new Verdict(Verdict.Kind.ACCEPT, null, p);
  }
}
