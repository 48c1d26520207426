package io.vertalived.vrrp.packet;

import java.net.InetAddress;

/**
 * A VRRP packet an IPv6 raw socket returned: the payload alone, with the hop limit, source and destination the
 * kernel reported beside it (RFC 3542 6).
 */
public record Ipv6Datagram(int hopLimit, InetAddress source, InetAddress destination, byte[] bytes, int length)
    implements ReceivedDatagram {

  @Override
  public int protocol() {
    return VrrpPacket.IPPROTO_VRRP;
  }

  @Override
  public int ttl() {
    return hopLimit;
  }

  @Override
  public int payloadOffset() {
    return 0;
  }

  @Override
  public int payloadLength() {
    return length;
  }

  @Override
  public int totalLength() {
    return length;
  }

  @Override
  public boolean ipv6() {
    return true;
  }
}
