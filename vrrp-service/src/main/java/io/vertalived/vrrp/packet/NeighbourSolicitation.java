package io.vertalived.vrrp.packet;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * The IPv6 counterpart of an ARP probe (RFC 4862 5.4.2, the neighbour solicitation of duplicate address detection):
 * from the unspecified address, so that no neighbour learns anything from it, to the target's solicited-node
 * multicast address (RFC 4291 2.7.1), hop limit 255, without a source link-layer option (RFC 4861 4.3). A host that
 * holds the target answers with a neighbour advertisement to all nodes that names its MAC ({@link #heard}).
 */
public final class NeighbourSolicitation {
  public static final int ICMPV6_NEIGHBOUR_SOLICITATION = 135;
  private static final InetAddress UNSPECIFIED;

  static {
    try {
      UNSPECIFIED = InetAddress.getByAddress(new byte[16]);
    } catch (UnknownHostException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private NeighbourSolicitation() {}

  /** ff02::1:ffXX:XXXX, the low 24 bits of {@code target}'s. */
  public static Inet6Address solicitedNode(Inet6Address target) {
    byte[] t = target.getAddress();
    byte[] a = new byte[16];
    a[0] = (byte) 0xff;
    a[1] = 0x02;
    a[11] = 1;
    a[12] = (byte) 0xff;
    a[13] = t[13];
    a[14] = t[14];
    a[15] = t[15];
    try {
      return (Inet6Address) InetAddress.getByAddress(a);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The Ethernet address of an IPv6 multicast group (RFC 2464 7): 33:33 and its low 32 bits. */
  public static byte[] multicastMac(Inet6Address group) {
    byte[] g = group.getAddress();
    return new byte[] {0x33, 0x33, g[12], g[13], g[14], g[15]};
  }

  /** The whole IPv6 packet (header and ICMPv6 message) probing {@code target}. */
  public static byte[] probe(Inet6Address target) {
    Inet6Address group = solicitedNode(target);
    byte[] icmp = new byte[24];
    icmp[0] = (byte) ICMPV6_NEIGHBOUR_SOLICITATION;
    System.arraycopy(target.getAddress(), 0, icmp, 8, 16);
    icmp = NeighbourAdvertisement.withChecksum(icmp, UNSPECIFIED, group);
    return ByteBuffer.allocate(40 + icmp.length).putInt(0x60000000).putShort((short) icmp.length)
        .put((byte) NeighbourAdvertisement.IPPROTO_ICMPV6).put((byte) 255).put(new byte[16]).put(group.getAddress())
        .put(icmp).array();
  }

  /** A neighbour advertisement's target and the MAC it names. */
  public record Heard(InetAddress target, byte[] mac) {}

  /**
   * The target and target link-layer address of a neighbour advertisement (a whole IPv6 packet, as an AF_PACKET
   * datagram socket returns it; no extension headers), or null for anything else or one without the option.
   */
  public static Heard heard(byte[] b, int len) {
    if (len < 40 + 24 || ((b[0] >> 4) & 0x0f) != 6 || (b[6] & 0xff) != NeighbourAdvertisement.IPPROTO_ICMPV6
        || (b[40] & 0xff) != NeighbourAdvertisement.ICMPV6_NEIGHBOUR_ADVERTISEMENT) {
      return null;
    }
    int end = Math.min(len, 40 + (((b[4] & 0xff) << 8) | (b[5] & 0xff)));
    int off = 40 + 24;
    while (off + 8 <= end) {
      int type = b[off] & 0xff;
      int length = (b[off + 1] & 0xff) * 8;
      if (length == 0 || off + length > end) {
        return null;
      }
      if (type == NeighbourAdvertisement.OPTION_TARGET_LINK_LAYER_ADDRESS && length >= 8) {
        try {
          return new Heard(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 48, 64)),
              java.util.Arrays.copyOfRange(b, off + 2, off + 8));
        } catch (UnknownHostException e) {
          return null;
        }
      }
      off += length;
    }
    return null;
  }
}
