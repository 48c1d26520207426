package io.vertalived.vrrp.net;

import io.vertalived.core.net.LibC;
import io.vertalived.core.net.ReceiveLoop;
import io.vertalived.core.net.NativeIoException;
import io.vertalived.vrrp.packet.Ipv4Datagram;

import java.net.InetAddress;

/**
 * The raw IPPROTO 112 sockets of one instance (IPv4): a transmit socket bound to the source
 * address (so the kernel uses it, as the v3 pseudo-header needs) and a separate unbound receive
 * socket that joins the group (a bound raw socket receives no multicast: linux-dataplane.md 1).
 * Both are tied to the interface; TTL 255 and DSCP CS6 as keepalived.
 */
public final class VrrpSockets implements AdvertSocket {
  private final int txFd;
  private final int rxFd;
  private ReceiveLoop loop;

  @Override
  public int[] descriptors() {
    return new int[] {rxFd, txFd};
  }

  private VrrpSockets(int txFd, int rxFd) {
    this.txFd = txFd;
    this.rxFd = rxFd;
  }

  public static VrrpSockets open(String ifname, InetAddress source, InetAddress group, boolean unicast, int unicastTtl)
      throws NativeIoException {
    int ifindex = VrrpRawSocket.ifindex(ifname);
    int tx = VrrpRawSocket.open(LibC.AF_INET, ifname);
    int rx = -1;
    try {
      NativeIoException.check(LibC.bind(tx, LibC.sockaddrIn(source, 0), 16), "bind(" + io.vertalived.core.config.model.IpAddress.text(source) + ")");
      VrrpRawSocket.option(tx, LibC.IPPROTO_IP, LibC.IP_TOS, LibC.intOpt(0xc0), "IP_TOS");
      VrrpRawSocket.option(tx, LibC.IPPROTO_IP, LibC.IP_TTL, LibC.intOpt(unicast ? unicastTtl : 255), "IP_TTL");
      VrrpRawSocket.option(tx, LibC.IPPROTO_IP, LibC.IP_MULTICAST_TTL, LibC.intOpt(255), "IP_MULTICAST_TTL");
      VrrpRawSocket.option(tx, LibC.IPPROTO_IP, LibC.IP_MULTICAST_LOOP, LibC.intOpt(0), "IP_MULTICAST_LOOP");
      VrrpRawSocket.option(tx, LibC.IPPROTO_IP, LibC.IP_MTU_DISCOVER, LibC.intOpt(0), "IP_MTU_DISCOVER");
      VrrpRawSocket.option(tx, LibC.IPPROTO_IP, LibC.IP_MULTICAST_IF, LibC.ipMreqn(null, source, ifindex), "IP_MULTICAST_IF");
      rx = VrrpRawSocket.open(LibC.AF_INET, ifname);
      VrrpRawSocket.option(rx, LibC.IPPROTO_IP, LibC.IP_MULTICAST_ALL, LibC.intOpt(0), "IP_MULTICAST_ALL");
      VrrpRawSocket.option(rx, LibC.SOL_SOCKET, LibC.SO_RCVBUF, LibC.intOpt(256 * 1024), "SO_RCVBUF");
      if (!unicast) {
        VrrpRawSocket.option(rx, LibC.IPPROTO_IP, LibC.IP_ADD_MEMBERSHIP, LibC.ipMreqn(group, null, ifindex),
            "IP_ADD_MEMBERSHIP(" + io.vertalived.core.config.model.IpAddress.text(group) + ")");
      }
      return new VrrpSockets(tx, rx);
    } catch (NativeIoException e) {
      LibC.close(tx);
      if (rx >= 0) {
        LibC.close(rx);
      }
      throw e;
    }
  }

  @Override
  public void send(byte[] vrrp, InetAddress destination) throws NativeIoException {
    long n = LibC.sendto(txFd, vrrp, vrrp.length, LibC.MSG_DONTWAIT, LibC.sockaddrIn(destination, 0), 16);
    if (n < 0) {
      throw new NativeIoException("sendto(" + io.vertalived.core.config.model.IpAddress.text(destination) + ")", com.sun.jna.Native.getLastError());
    }
  }

  /** Starts the receive thread: each datagram, IPv4 header first, with the kernel's receive time; others are dropped. */
  @Override
  public void receive(String threadName, Receiver consumer) throws NativeIoException {
    ReceiveTimestamp stamp = new ReceiveTimestamp(rxFd);
    loop = new ReceiveLoop(threadName, rxFd, 2048, (bytes, len) -> {
      Ipv4Datagram d = Ipv4Datagram.parse(bytes, len);
      if (d != null) {
        consumer.accept(d, stamp.nanos());
      }
    });
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
