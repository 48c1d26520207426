package io.vertalived.vrrp.net;

import io.vertalived.core.net.LibC;
import io.vertalived.core.net.ReceiveLoop;
import io.vertalived.core.net.NativeIoException;

import java.net.InetAddress;

/**
 * The raw IPPROTO 112 sockets of one instance (IPv4): a transmit socket bound to the source
 * address (so the kernel uses it, as the v3 pseudo-header needs) and a separate unbound receive
 * socket that joins the group (a bound raw socket receives no multicast: linux-dataplane.md 1).
 * Both are tied to the interface; TTL 255 and DSCP CS6 as keepalived.
 */
public final class VrrpSockets implements AutoCloseable {
  /** ioctl: the receive time of the last datagram read, CLOCK_REALTIME, struct timespec. */
  private static final long SIOCGSTAMPNS = 0x8907;
  private final int txFd;
  private final int rxFd;
  private ReceiveLoop loop;

  /** The receiving and sending descriptors, as keepalived's data dump shows them ({@code fd_in}, {@code fd_out}). */
  public int[] descriptors() {
    return new int[] {rxFd, txFd};
  }

  private VrrpSockets(int txFd, int rxFd) {
    this.txFd = txFd;
    this.rxFd = rxFd;
  }

  public static VrrpSockets open(String ifname, InetAddress source, InetAddress group, boolean unicast, int unicastTtl)
      throws NativeIoException {
    int ifindex = LibC.if_nametoindex(ifname);
    if (ifindex == 0) {
      throw new NativeIoException("if_nametoindex(" + ifname + ")", com.sun.jna.Native.getLastError());
    }
    int tx = raw(ifname);
    int rx = -1;
    try {
      NativeIoException.check(LibC.bind(tx, LibC.sockaddrIn(source, 0), 16), "bind(" + source.getHostAddress() + ")");
      opt(tx, LibC.IPPROTO_IP, LibC.IP_TOS, LibC.intOpt(0xc0), "IP_TOS");
      opt(tx, LibC.IPPROTO_IP, LibC.IP_TTL, LibC.intOpt(unicast ? unicastTtl : 255), "IP_TTL");
      opt(tx, LibC.IPPROTO_IP, LibC.IP_MULTICAST_TTL, LibC.intOpt(255), "IP_MULTICAST_TTL");
      opt(tx, LibC.IPPROTO_IP, LibC.IP_MULTICAST_LOOP, LibC.intOpt(0), "IP_MULTICAST_LOOP");
      opt(tx, LibC.IPPROTO_IP, LibC.IP_MTU_DISCOVER, LibC.intOpt(0), "IP_MTU_DISCOVER");
      opt(tx, LibC.IPPROTO_IP, LibC.IP_MULTICAST_IF, LibC.ipMreqn(null, source, ifindex), "IP_MULTICAST_IF");
      rx = raw(ifname);
      opt(rx, LibC.IPPROTO_IP, LibC.IP_MULTICAST_ALL, LibC.intOpt(0), "IP_MULTICAST_ALL");
      opt(rx, LibC.SOL_SOCKET, LibC.SO_RCVBUF, LibC.intOpt(256 * 1024), "SO_RCVBUF");
      if (!unicast) {
        opt(rx, LibC.IPPROTO_IP, LibC.IP_ADD_MEMBERSHIP, LibC.ipMreqn(group, null, ifindex),
            "IP_ADD_MEMBERSHIP(" + group.getHostAddress() + ")");
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

  private static int raw(String ifname) throws NativeIoException {
    int fd = LibC.socket(LibC.AF_INET, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, 112);
    NativeIoException.check(fd, "socket(AF_INET, SOCK_RAW, 112)");
    byte[] name = (ifname + "\0").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    if (LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_BINDTODEVICE, name, name.length) < 0) {
      int e = com.sun.jna.Native.getLastError();
      LibC.close(fd);
      throw new NativeIoException("SO_BINDTODEVICE(" + ifname + ")", e);
    }
    return fd;
  }

  private static void opt(int fd, int level, int name, byte[] value, String what) throws NativeIoException {
    NativeIoException.check(LibC.setsockopt(fd, level, name, value, value.length), "setsockopt(" + what + ")");
  }

  /** Sends one VRRP packet; never blocks (MSG_DONTWAIT), so it may run on an event loop. */
  public void send(byte[] vrrp, InetAddress destination) throws NativeIoException {
    long n = LibC.sendto(txFd, vrrp, vrrp.length, LibC.MSG_DONTWAIT, LibC.sockaddrIn(destination, 0), 16);
    if (n < 0) {
      throw new NativeIoException("sendto(" + destination.getHostAddress() + ")", com.sun.jna.Native.getLastError());
    }
  }

  /** One received datagram (IPv4 header first) and when the kernel received it, on the {@link System#nanoTime()} scale. */
  @FunctionalInterface
  public interface Receiver {
    void accept(byte[] datagram, int length, long receivedNanos);
  }

  /**
   * Starts the receive thread. Each datagram carries the kernel's receive time (SIOCGSTAMPNS),
   * so that timers start when the advert arrived (RFC 5798 6.4.2), not when a thread got to it.
   */
  public void receive(String threadName, Receiver consumer) throws NativeIoException {
    byte[] stamp = new byte[16];
    LibC.ioctl(rxFd, SIOCGSTAMPNS, stamp); // the first call switches the socket's timestamps on (ENOENT)
    loop = new ReceiveLoop(threadName, rxFd, 2048, (bytes, len) -> consumer.accept(bytes, len, receivedNanos(stamp)));
  }

  /** The last datagram's kernel timestamp moved to the nanoTime scale; now if there is none or it looks wrong. */
  private long receivedNanos(byte[] stamp) {
    long now = System.nanoTime();
    if (LibC.ioctl(rxFd, SIOCGSTAMPNS, stamp) < 0) {
      return now;
    }
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(stamp).order(java.nio.ByteOrder.nativeOrder());
    java.time.Instant wall = java.time.Instant.now();
    long age = (wall.getEpochSecond() - b.getLong(0)) * 1_000_000_000L + wall.getNano() - b.getLong(8);
    return age >= 0 && age < 1_000_000_000L ? now - age : now;
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
