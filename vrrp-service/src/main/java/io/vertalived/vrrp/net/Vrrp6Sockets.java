package io.vertalived.vrrp.net;

import io.vertalived.core.net.LibC;
import io.vertalived.core.net.MessageHeader;
import io.vertalived.core.net.NativeIoException;
import io.vertalived.core.net.ReceiveLoop;
import io.vertalived.vrrp.packet.Ipv6Datagram;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The raw IPv6 sockets of one VRRPv3 instance (RFC 5798 5.1.2, as keepalived opens them): a transmit socket bound to
 * the interface's link-local address (the advert's source), hop limit 255, traffic class CS6, no loopback; and an
 * unbound receive socket that joins ff02::12 on the interface and asks for each packet's hop limit and destination
 * (RFC 3542 6), which the IPv6 socket API returns beside the payload rather than in it. Both tied to the interface.
 * The checksum is ours on both sides (the codec's, over the IPv6 pseudo-header): the receive checks count a bad one
 * as keepalived does instead of the kernel dropping it unseen.
 */
public final class Vrrp6Sockets implements AdvertSocket {
  private final int txFd;
  private final int rxFd;
  private final int ifindex;
  private ReceiveLoop loop;

  private Vrrp6Sockets(int txFd, int rxFd, int ifindex) {
    this.txFd = txFd;
    this.rxFd = rxFd;
    this.ifindex = ifindex;
  }

  public static Vrrp6Sockets open(String ifname, InetAddress source, InetAddress group, boolean unicast, int unicastHops)
      throws NativeIoException {
    int ifindex = VrrpRawSocket.ifindex(ifname);
    int tx = VrrpRawSocket.open(LibC.AF_INET6, ifname);
    int rx = -1;
    try {
      // the link-local address may still be tentative (DAD) when the instance starts (Linux 4.15 and later)
      LibC.setsockopt(tx, LibC.IPPROTO_IPV6, LibC.IPV6_FREEBIND, LibC.intOpt(1), 4);
      NativeIoException.check(LibC.bind(tx, LibC.sockaddrIn6(source, 0, scope(source, ifindex)), 28),
          "bind(" + io.vertalived.core.config.model.IpAddress.text(source) + ")");
      opt(tx, LibC.IPV6_TCLASS, 0xc0, "IPV6_TCLASS");
      opt(tx, LibC.IPV6_UNICAST_HOPS, unicast ? unicastHops : 255, "IPV6_UNICAST_HOPS");
      opt(tx, LibC.IPV6_MULTICAST_HOPS, 255, "IPV6_MULTICAST_HOPS");
      opt(tx, LibC.IPV6_MULTICAST_LOOP, 0, "IPV6_MULTICAST_LOOP");
      opt(tx, LibC.IPV6_MULTICAST_IF, ifindex, "IPV6_MULTICAST_IF");
      rx = VrrpRawSocket.open(LibC.AF_INET6, ifname);
      // only the groups this socket joined (Linux 4.20 and later; before, every group the host joined)
      LibC.setsockopt(rx, LibC.IPPROTO_IPV6, LibC.IPV6_MULTICAST_ALL, LibC.intOpt(0), 4);
      VrrpRawSocket.option(rx, LibC.SOL_SOCKET, LibC.SO_RCVBUF, LibC.intOpt(256 * 1024), "SO_RCVBUF");
      opt(rx, LibC.IPV6_RECVHOPLIMIT, 1, "IPV6_RECVHOPLIMIT");
      opt(rx, LibC.IPV6_RECVPKTINFO, 1, "IPV6_RECVPKTINFO");
      if (!unicast) {
        VrrpRawSocket.option(rx, LibC.IPPROTO_IPV6, LibC.IPV6_ADD_MEMBERSHIP, LibC.ipv6Mreq(group, ifindex),
            "IPV6_ADD_MEMBERSHIP " + io.vertalived.core.config.model.IpAddress.text(group));
      }
      return new Vrrp6Sockets(tx, rx, ifindex);
    } catch (NativeIoException e) {
      LibC.close(tx);
      if (rx >= 0) {
        LibC.close(rx);
      }
      throw e;
    }
  }

  /** A link-local or link-scope multicast address names its link by index (RFC 4007 6). */
  private static int scope(InetAddress a, int ifindex) {
    return a.isLinkLocalAddress() || a.isMCLinkLocal() ? ifindex : 0;
  }

  private static void opt(int fd, int name, int value, String what) throws NativeIoException {
    VrrpRawSocket.option(fd, LibC.IPPROTO_IPV6, name, LibC.intOpt(value), what);
  }

  @Override
  public void send(byte[] vrrp, InetAddress destination) throws NativeIoException {
    byte[] to = LibC.sockaddrIn6(destination, 0, scope(destination, ifindex));
    long n = LibC.sendto(txFd, vrrp, vrrp.length, LibC.MSG_DONTWAIT, to, to.length);
    if (n < 0) {
      throw new NativeIoException("sendto(" + io.vertalived.core.config.model.IpAddress.text(destination) + ")", com.sun.jna.Native.getLastError());
    }
  }

  /**
   * Starts the receive thread: each packet with its hop limit, source and destination from the ancillary data, and
   * the kernel's receive time; one without them is dropped (it cannot be checked).
   */
  @Override
  public void receive(String threadName, Receiver consumer) throws NativeIoException {
    ReceiveTimestamp stamp = new ReceiveTimestamp(rxFd);
    // the largest advert: 255 IPv6 addresses, 4,088 bytes (its count is one byte)
    MessageHeader header = new MessageHeader(4096);
    loop = ReceiveLoop.withReader(threadName, rxFd, 4096, header::receive, (bytes, len) -> {
      Ipv6Datagram d = datagram(header, bytes, len);
      if (d != null) {
        consumer.accept(d, stamp.nanos());
      }
    });
  }

  private static Ipv6Datagram datagram(MessageHeader header, byte[] bytes, int len) {
    byte[] hops = header.control(LibC.IPPROTO_IPV6, LibC.IPV6_HOPLIMIT);
    byte[] info = header.control(LibC.IPPROTO_IPV6, LibC.IPV6_PKTINFO); // struct in6_pktinfo: address, ifindex
    if (hops == null || hops.length < 4 || info == null || info.length < 16) {
      return null;
    }
    try {
      InetAddress source = InetAddress.getByAddress(header.sourceIpv6());
      InetAddress destination = InetAddress.getByAddress(java.util.Arrays.copyOf(info, 16));
      int hopLimit = ByteBuffer.wrap(hops).order(ByteOrder.nativeOrder()).getInt(0);
      return new Ipv6Datagram(hopLimit, source, destination, bytes, len);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  @Override
  public int[] descriptors() {
    return new int[] {rxFd, txFd};
  }

  @Override
  public void close() {
    if (loop != null) {
      loop.close();
    }
    LibC.close(rxFd);
    LibC.close(txFd);
  }
}
