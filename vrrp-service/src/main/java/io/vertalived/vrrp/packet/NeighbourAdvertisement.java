package io.vertalived.vrrp.packet;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * The unsolicited neighbour advertisement a new MASTER sends for each IPv6 VIP (RFC 5798 6.4.2, RFC 4861 4.4 and
 * 7.2.6), as keepalived sends it: ICMPv6 type 136 from the VIP to all-nodes (ff02::1) with hop limit 255, the
 * Override flag, the Router flag when the interface forwards IPv6, no Solicited flag, and the target link-layer
 * address option carrying the interface's (or the VMAC's) address.
 *
 * <pre>
 *  | Type (136)    |   Code (0)    |          Checksum             |
 *  |R|S|O|                     Reserved                            |
 *  |                       Target Address (16)                     |
 *  | Type (2)      | Length (1)    |    Link-Layer Address (6)  ...
 * </pre>
 */
public final class NeighbourAdvertisement {
  public static final int ICMPV6_NEIGHBOUR_ADVERTISEMENT = 136;
  public static final int IPPROTO_ICMPV6 = 58;
  /** RFC 4861 4.6.1: the Target Link-Layer Address option. */
  public static final int OPTION_TARGET_LINK_LAYER_ADDRESS = 2;
  public static final int LENGTH = 32;
  private static final int FLAG_ROUTER = 0x80;
  private static final int FLAG_OVERRIDE = 0x20;

  private NeighbourAdvertisement() {}

  /**
   * The ICMPv6 message with a zero checksum: a raw ICMPv6 socket has the kernel fill it in (RFC 3542 3.1); see
   * {@link #withChecksum} for a frame written whole.
   */
  public static byte[] encode(Inet6Address target, byte[] mac, boolean router) {
    if (mac.length != 6) {
      throw new IllegalArgumentException("an Ethernet address has 6 bytes, not " + mac.length);
    }
    byte[] b = new byte[LENGTH];
    b[0] = (byte) ICMPV6_NEIGHBOUR_ADVERTISEMENT;
    b[4] = (byte) (FLAG_OVERRIDE | (router ? FLAG_ROUTER : 0));
    System.arraycopy(target.getAddress(), 0, b, 8, 16);
    b[24] = (byte) OPTION_TARGET_LINK_LAYER_ADDRESS;
    b[25] = 1; // in units of 8 bytes
    System.arraycopy(mac, 0, b, 26, 6);
    return b;
  }

  /** {@code icmp} with its checksum over the IPv6 pseudo-header of {@code source} and {@code destination} (RFC 8200 8.1). */
  public static byte[] withChecksum(byte[] icmp, InetAddress source, InetAddress destination) {
    byte[] b = icmp.clone();
    b[2] = 0;
    b[3] = 0;
    byte[] s = source.getAddress();
    byte[] d = destination.getAddress();
    long sum = InternetChecksum.add(0, s, 0, s.length);
    sum = InternetChecksum.add(sum, d, 0, d.length);
    sum += b.length;
    sum += IPPROTO_ICMPV6;
    int checksum = InternetChecksum.finish(InternetChecksum.add(sum, b, 0, b.length));
    b[2] = (byte) (checksum >> 8);
    b[3] = (byte) checksum;
    return b;
  }
}
