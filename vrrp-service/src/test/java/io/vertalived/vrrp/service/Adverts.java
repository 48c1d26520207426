package io.vertalived.vrrp.service;

import io.vertalived.vrrp.packet.VrrpCodec;
import io.vertalived.vrrp.packet.VrrpPacket;
import java.net.InetAddress;
import java.util.List;

/** IPv4 datagrams carrying VRRP adverts as a peer sends them, for tests. */
final class Adverts {
  private Adverts() {}

  static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** A v3 advert of VRID {@code vrid} from {@code source} to 224.0.0.18 at {@code centis} centiseconds. */
  static byte[] v3(String source, int vrid, int priority, int centis, List<String> vips) {
    InetAddress src = ip(source);
    InetAddress dst = ip("224.0.0.18");
    VrrpPacket p = new VrrpPacket(3, 1, vrid, priority, 0, centis, 0, vips.stream().map(Adverts::ip).toList(), null);
    byte[] vrrp = VrrpCodec.encode(p, src, dst, false);
    byte[] ip = new byte[20 + vrrp.length];
    ip[0] = 0x45;
    ip[1] = (byte) 0xc0;
    ip[2] = (byte) (ip.length >> 8);
    ip[3] = (byte) ip.length;
    ip[8] = (byte) 255;
    ip[9] = 112;
    System.arraycopy(src.getAddress(), 0, ip, 12, 4);
    System.arraycopy(dst.getAddress(), 0, ip, 16, 4);
    System.arraycopy(vrrp, 0, ip, 20, vrrp.length);
    return ip;
  }
}
