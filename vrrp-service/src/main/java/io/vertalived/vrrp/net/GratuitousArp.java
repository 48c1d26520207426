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
 * A VIP on another interface ({@code dev eth1}) is announced there, with that interface's MAC, as
 * keepalived does: its neighbours on that link are the ones that must learn where it went.
 */
public final class GratuitousArp implements AutoCloseable {
  private static final int ETH_P_ARP = 0x0806;
  private final int fd;
  private final String ifname;
  private final int ifindex;
  private final byte[] mac;

  public GratuitousArp(String ifname, byte[] mac) throws NativeIoException {
    this.ifname = ifname;
    this.ifindex = indexOf(ifname);
    this.mac = mac.clone();
    fd = LibC.socket(LibC.AF_PACKET, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0);
    NativeIoException.check(fd, "socket(AF_PACKET)");
  }

  private static int indexOf(String ifname) throws NativeIoException {
    int index = LibC.if_nametoindex(ifname);
    if (index == 0) {
      throw new NativeIoException("if_nametoindex(" + ifname + ")", com.sun.jna.Native.getLastError());
    }
    return index;
  }

  /** Sends one announcement for {@code vip} on this socket's interface; never blocks. */
  public void announce(InetAddress vip) throws NativeIoException {
    announce(vip, ifindex, mac);
  }

  /**
   * Sends one announcement for {@code vip} on {@code device} (null: this socket's interface), with
   * that interface's MAC, looked up now (an interface can be re-created under the same name).
   */
  public void announce(InetAddress vip, String device) throws java.io.IOException {
    if (device == null || device.equals(ifname)) {
      announce(vip, ifindex, mac);
      return;
    }
    java.net.NetworkInterface nif = java.net.NetworkInterface.getByName(device);
    byte[] hw = nif == null ? null : nif.getHardwareAddress();
    if (hw == null || hw.length != 6) {
      throw new java.io.IOException("interface " + device + " of " + io.vertalived.core.config.model.IpAddress.text(vip) + " has no Ethernet address");
    }
    announce(vip, indexOf(device), hw);
  }

  private void announce(InetAddress vip, int index, byte[] hw) throws NativeIoException {
    byte[] ip = vip.getAddress();
    ByteBuffer arp = ByteBuffer.allocate(28);
    arp.putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4).putShort((short) 1);
    arp.put(hw).put(ip).put(new byte[] {-1, -1, -1, -1, -1, -1}).put(ip);
    ByteBuffer ll = ByteBuffer.allocate(20);
    ll.order(ByteOrder.nativeOrder()).putShort((short) LibC.AF_PACKET);
    ll.order(ByteOrder.BIG_ENDIAN).putShort((short) ETH_P_ARP);
    ll.order(ByteOrder.nativeOrder()).putInt(index).putShort((short) 1).put((byte) 0).put((byte) 6);
    ll.put(new byte[] {-1, -1, -1, -1, -1, -1, 0, 0});
    long n = LibC.sendto(fd, arp.array(), 28, LibC.MSG_DONTWAIT, ll.array(), 20);
    if (n < 0) {
      throw new NativeIoException("sendto(AF_PACKET ARP " + io.vertalived.core.config.model.IpAddress.text(vip) + ")", com.sun.jna.Native.getLastError());
    }
  }

  @Override
  public void close() {
    LibC.close(fd);
  }
}
