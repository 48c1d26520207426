package io.vertalived.vrrp.net;

import io.vertalived.core.net.LibC;
import io.vertalived.core.net.NativeIoException;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Gratuitous ARP announcements through AF_PACKET/SOCK_DGRAM (linux-dataplane.md 3): the kernel
 * adds the Ethernet header (broadcast, ETH_P_ARP); we send the 28-byte ARP request with sender
 * and target both the VIP and THA ff:ff:ff:ff:ff:ff, as keepalived does (RFC 5227 announcement).
 */
public final class GratuitousArp implements AutoCloseable {
  private static final int ETH_P_ARP = 0x0806;
  private final int fd;
  private final int ifindex;
  private final byte[] mac;

  public GratuitousArp(String ifname, byte[] mac) throws NativeIoException {
    this.ifindex = LibC.if_nametoindex(ifname);
    if (ifindex == 0) {
      throw new NativeIoException("if_nametoindex(" + ifname + ")", com.sun.jna.Native.getLastError());
    }
    this.mac = mac.clone();
    fd = LibC.socket(LibC.AF_PACKET, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0);
    NativeIoException.check(fd, "socket(AF_PACKET)");
  }

  /** Sends one announcement for {@code vip}; never blocks. */
  public void announce(InetAddress vip) throws NativeIoException {
    byte[] ip = vip.getAddress();
    ByteBuffer arp = ByteBuffer.allocate(28);
    arp.putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4).putShort((short) 1);
    arp.put(mac).put(ip).put(new byte[] {-1, -1, -1, -1, -1, -1}).put(ip);
    ByteBuffer ll = ByteBuffer.allocate(20);
    ll.order(ByteOrder.nativeOrder()).putShort((short) LibC.AF_PACKET);
    ll.order(ByteOrder.BIG_ENDIAN).putShort((short) ETH_P_ARP);
    ll.order(ByteOrder.nativeOrder()).putInt(ifindex).putShort((short) 1).put((byte) 0).put((byte) 6);
    ll.put(new byte[] {-1, -1, -1, -1, -1, -1, 0, 0});
    long n = LibC.sendto(fd, arp.array(), 28, LibC.MSG_DONTWAIT, ll.array(), 20);
    if (n < 0) {
      throw new NativeIoException("sendto(AF_PACKET ARP " + vip.getHostAddress() + ")", com.sun.jna.Native.getLastError());
    }
  }

  @Override
  public void close() {
    LibC.close(fd);
  }
}
