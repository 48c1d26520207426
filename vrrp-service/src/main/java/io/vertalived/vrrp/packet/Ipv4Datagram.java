package io.vertalived.vrrp.packet;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * What a raw IPPROTO_VRRP socket returns for IPv4: the IP header fields the receive checks need
 * (RFC 3768 7.1 / RFC 5798 7.1) and where the payload is.
 */
public record Ipv4Datagram(
    int headerLength, int totalLength, int ttl, int protocol, InetAddress source,
    InetAddress destination, byte[] bytes, int length) implements ReceivedDatagram {

  public static final int IPPROTO_AH = 51;

  /** Parses the IPv4 header of {@code len} received bytes; null if it is not IPv4 at all. */
  public static Ipv4Datagram parse(byte[] buf, int len) {
    if (len < 20 || ((buf[0] >> 4) & 0x0f) != 4) {
      return null;
    }
    int ihl = (buf[0] & 0x0f) * 4;
    if (ihl < 20 || ihl > len) {
      return null;
    }
    int total = ((buf[2] & 0xff) << 8) | (buf[3] & 0xff);
    try {
      InetAddress src = InetAddress.getByAddress(new byte[] {buf[12], buf[13], buf[14], buf[15]});
      InetAddress dst = InetAddress.getByAddress(new byte[] {buf[16], buf[17], buf[18], buf[19]});
      return new Ipv4Datagram(ihl, total, buf[8] & 0xff, buf[9] & 0xff, src, dst, buf, len);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  @Override
  public boolean ipv6() {
    return false;
  }

  @Override
  public int payloadOffset() {
    return headerLength;
  }

  /** Bytes after the IP header, bounded by both the received length and the IP total length. */
  @Override
  public int payloadLength() {
    return Math.max(0, Math.min(length, totalLength) - headerLength);
  }
}
