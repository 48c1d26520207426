package io.vertalived.vrrp.net;

import io.vertalived.core.net.LibC;
import io.vertalived.core.net.NativeIoException;
import io.vertalived.vrrp.packet.NeighbourAdvertisement;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Unsolicited neighbour advertisements for IPv6 VIPs (RFC 5798 6.4.2, RFC 4861 7.2.6) through AF_PACKET/SOCK_DGRAM,
 * as {@link GratuitousArp} sends ARP: the whole IPv6 packet is ours (from the VIP to ff02::1, hop limit 255), the
 * kernel adds the Ethernet header to 33:33:00:00:00:01. Byte for byte keepalived's (golden/vrrp-v3-ipv6.pcap).
 */
public final class NeighbourAdvertSocket implements AutoCloseable {
  private static final int ETH_P_IPV6 = 0x86dd;
  private static final InetAddress ALL_NODES;
  private static final byte[] ALL_NODES_MAC = {0x33, 0x33, 0, 0, 0, 1};

  static {
    try {
      ALL_NODES = InetAddress.getByName("ff02::1");
    } catch (java.net.UnknownHostException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final int fd;
  private final String ifname;
  private final int ifindex;
  private final byte[] mac;

  public NeighbourAdvertSocket(String ifname, byte[] mac) throws NativeIoException {
    this.ifname = ifname;
    this.ifindex = LibC.if_nametoindex(ifname);
    if (ifindex == 0) {
      throw new NativeIoException("if_nametoindex(" + ifname + ")", com.sun.jna.Native.getLastError());
    }
    this.mac = mac.clone();
    fd = LibC.socket(LibC.AF_PACKET, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0);
    NativeIoException.check(fd, "socket(AF_PACKET)");
  }

  /** Whether {@code ifname} forwards IPv6 ({@code /proc/sys/net/ipv6/conf/IF/forwarding}); false if unreadable. */
  public static boolean forwarding(String ifname) {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/net/ipv6/conf", ifname, "forwarding"))
          .strip().equals("1");
    } catch (java.io.IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Sends one advertisement for {@code vip}; never blocks. The Router flag when the interface forwards IPv6 now
   * (keepalived reads it for each advertisement).
   */
  public void announce(Inet6Address vip) throws NativeIoException {
    announce(vip, ifindex, mac, ifname);
  }

  /**
   * Sends one advertisement for {@code vip} on {@code device} (null: this socket's interface), with that interface's
   * MAC and Router flag, looked up now, as keepalived announces a VIP with a {@code dev} of its own there.
   */
  public void announce(Inet6Address vip, String device) throws java.io.IOException {
    if (device == null || device.equals(ifname)) {
      announce(vip, ifindex, mac, ifname);
      return;
    }
    java.net.NetworkInterface nif = java.net.NetworkInterface.getByName(device);
    byte[] hw = nif == null ? null : nif.getHardwareAddress();
    int index = LibC.if_nametoindex(device);
    if (hw == null || hw.length != 6 || index == 0) {
      throw new java.io.IOException("interface " + device + " of " + io.vertalived.core.config.model.IpAddress.text(vip)
          + " has no Ethernet address");
    }
    announce(vip, index, hw, device);
  }

  private void announce(Inet6Address vip, int index, byte[] hw, String device) throws NativeIoException {
    byte[] icmp = NeighbourAdvertisement.withChecksum(NeighbourAdvertisement.encode(vip, hw, forwarding(device)), vip,
        ALL_NODES);
    ByteBuffer ip = ByteBuffer.allocate(40 + icmp.length);
    ip.putInt(0x60000000).putShort((short) icmp.length).put((byte) NeighbourAdvertisement.IPPROTO_ICMPV6)
        .put((byte) 255).put(vip.getAddress()).put(ALL_NODES.getAddress()).put(icmp);
    ByteBuffer ll = ByteBuffer.allocate(20);
    ll.order(ByteOrder.nativeOrder()).putShort((short) LibC.AF_PACKET);
    ll.order(ByteOrder.BIG_ENDIAN).putShort((short) ETH_P_IPV6);
    ll.order(ByteOrder.nativeOrder()).putInt(index).putShort((short) 1).put((byte) 0).put((byte) 6);
    ll.put(ALL_NODES_MAC).put(new byte[2]);
    byte[] packet = ip.array();
    long n = LibC.sendto(fd, packet, packet.length, LibC.MSG_DONTWAIT, ll.array(), 20);
    if (n < 0) {
      throw new NativeIoException("sendto(AF_PACKET NA " + io.vertalived.core.config.model.IpAddress.text(vip) + ")", com.sun.jna.Native.getLastError());
    }
  }

  @Override
  public void close() {
    LibC.close(fd);
  }
}
