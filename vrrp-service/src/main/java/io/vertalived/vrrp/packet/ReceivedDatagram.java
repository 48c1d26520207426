package io.vertalived.vrrp.packet;

import java.net.InetAddress;

/**
 * What the receive checks read of a datagram a VRRP socket returned (RFC 3768 7.1, RFC 5798 7.1): for IPv4 the IP
 * header came with it ({@link Ipv4Datagram}); for IPv6 the kernel gives the payload alone and says the rest in
 * ancillary data ({@link Ipv6Datagram}).
 */
public interface ReceivedDatagram {
  /** What follows the IP header: VRRP (112), or AH (51, IPv4 only). */
  int protocol();

  /** The IPv4 TTL or the IPv6 hop limit. */
  int ttl();

  InetAddress source();

  InetAddress destination();

  byte[] bytes();

  int payloadOffset();

  int payloadLength();

  /** The length the IP header announces (IPv4), or what was received (IPv6). */
  int totalLength();

  /** The bytes received. */
  int length();

  boolean ipv6();
}
