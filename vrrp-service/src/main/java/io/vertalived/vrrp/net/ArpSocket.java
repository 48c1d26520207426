package io.vertalived.vrrp.net;

import io.vertalived.core.net.LibC;
import io.vertalived.core.net.NativeIoException;
import io.vertalived.core.net.ReceiveLoop;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * ARP on one interface through AF_PACKET/SOCK_DGRAM bound to ETH_P_ARP (linux-dataplane.md 3):
 * sends ARP probes for an address (RFC 5227 2.1.1: sender IP 0.0.0.0, so that no neighbour's
 * cache learns anything from it; a host holding the address answers it) and reads the ARP
 * packets of the link (the kernel's own outgoing ones ignored, PACKET_IGNORE_OUTGOING): every
 * reply, and every request or announcement whose sender address is set, goes to the listener as
 * (sender address, sender MAC).
 */
public final class ArpSocket implements AddressConflictSocket {
  private static final int ETH_P_ARP = 0x0806;
  private static final int SOL_PACKET = 263;
  private static final int PACKET_IGNORE_OUTGOING = 23;
  private final int fd;
  private final int ifindex;
  private final byte[] mac;
  private ReceiveLoop loop;

  public ArpSocket(String ifname, byte[] mac) throws NativeIoException {
    this.mac = mac.clone();
    ifindex = LibC.if_nametoindex(ifname);
    if (ifindex == 0) {
      throw new NativeIoException("if_nametoindex(" + ifname + ")", com.sun.jna.Native.getLastError());
    }
    // protocol 0: nothing is queued until bind() names ETH_P_ARP and the interface (no other link's ARP meanwhile)
    fd = LibC.socket(LibC.AF_PACKET, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0);
    NativeIoException.check(fd, "socket(AF_PACKET, ETH_P_ARP)");
    byte[] one = LibC.intOpt(1);
    // older kernels (< 4.20) have no such option: the listener then also sees our own packets, which carry our MAC
    LibC.setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, one, one.length);
    if (LibC.bind(fd, linkAddress(ifindex, new byte[8]), 20) < 0) {
      int e = com.sun.jna.Native.getLastError();
      LibC.close(fd);
      throw new NativeIoException("bind(AF_PACKET " + ifname + ")", e);
    }
  }

  private static byte[] linkAddress(int ifindex, byte[] hw) {
    ByteBuffer ll = ByteBuffer.allocate(20);
    ll.order(ByteOrder.nativeOrder()).putShort((short) LibC.AF_PACKET);
    ll.order(ByteOrder.BIG_ENDIAN).putShort((short) ETH_P_ARP);
    ll.order(ByteOrder.nativeOrder()).putInt(ifindex).putShort((short) 1).put((byte) 0).put((byte) 6);
    ll.put(hw, 0, 8);
    return ll.array();
  }

  /** Broadcasts one ARP probe for {@code address}; never blocks. */
  @Override
  public void probe(InetAddress address) throws NativeIoException {
    byte[] arp = probePacket(mac, address);
    long n = LibC.sendto(fd, arp, arp.length, LibC.MSG_DONTWAIT,
        linkAddress(ifindex, new byte[] {-1, -1, -1, -1, -1, -1, 0, 0}), 20);
    if (n < 0) {
      throw new NativeIoException("sendto(AF_PACKET ARP probe " + io.vertalived.core.config.model.IpAddress.text(address) + ")",
          com.sun.jna.Native.getLastError());
    }
  }

  /** RFC 5227 2.1.1's probe: a request with our MAC, sender 0.0.0.0, target the address, THA zero. */
  static byte[] probePacket(byte[] mac, InetAddress address) {
    ByteBuffer arp = ByteBuffer.allocate(28);
    arp.putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4).putShort((short) 1);
    arp.put(mac).put(new byte[4]).put(new byte[6]).put(address.getAddress());
    return arp.array();
  }

  /** Starts the receive thread: every ARP packet that names a sender address goes to {@code listener}. */
  @Override
  public void listen(String threadName, Listener listener) throws NativeIoException {
    loop = new ReceiveLoop(threadName, fd, 256, (bytes, len) -> {
      Heard h = parse(bytes, len);
      if (h != null) {
        listener.heard(h.sender(), h.mac());
      }
    });
  }

  /** A received ARP packet's sender, when it names one. */
  record Heard(InetAddress sender, String mac) {}

  /** Ethernet/IPv4 ARP replies and requests with a sender address; null for anything else. */
  static Heard parse(byte[] b, int len) {
    if (len < 28 || b[0] != 0 || b[1] != 1 || b[2] != 8 || b[3] != 0 || b[4] != 6 || b[5] != 4) {
      return null;
    }
    int op = ((b[6] & 0xff) << 8) | (b[7] & 0xff);
    if (op != 1 && op != 2) {
      return null;
    }
    byte[] spa = java.util.Arrays.copyOfRange(b, 14, 18);
    if (spa[0] == 0 && spa[1] == 0 && spa[2] == 0 && spa[3] == 0) {
      return null; // another host's probe: it claims nothing
    }
    try {
      return new Heard(InetAddress.getByAddress(spa), mac(b, 8));
    } catch (UnknownHostException e) {
      return null; // four bytes are always an address
    }
  }

  /** Six bytes from {@code off} as "aa:bb:cc:dd:ee:ff". */
  public static String mac(byte[] b, int off) {
    StringBuilder s = new StringBuilder(17);
    for (int i = 0; i < 6; i++) {
      if (i > 0) {
        s.append(':');
      }
      s.append(Character.forDigit((b[off + i] >> 4) & 0xf, 16)).append(Character.forDigit(b[off + i] & 0xf, 16));
    }
    return s.toString();
  }

  @Override
  public void close() {
    if (loop != null) {
      loop.close();
    }
    LibC.close(fd);
  }
}
