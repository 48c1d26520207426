package io.vertalived.core.net;

import com.sun.jna.Native;

/**
 * The few libc calls the data plane needs, by JNA direct mapping (linux-dataplane.md 4: faster
 * than interface mapping). Calls return -1 and leave errno in {@link Native#getLastError()};
 * nothing here throws. x86_64/aarch64 Linux (LP64): {@code ssize_t} is {@code long}.
 */
public final class LibC {
  static {
    JnaLibraryPath.set();
    // the class named: JNA's register(String) finds its caller through a SecurityManager made for the
    // purpose, whose class initialisation walks every module's packages (~5 ms of a lone node's start)
    Native.register(LibC.class, "c");
  }

  private LibC() {}

  public static final int AF_INET = 2;
  public static final int AF_NETLINK = 16;
  public static final int AF_PACKET = 17;
  public static final int SOCK_RAW = 3;
  public static final int SOCK_DGRAM = 2;
  public static final int SOCK_CLOEXEC = 0x80000;
  public static final int SOCK_NONBLOCK = 0x800;
  public static final int SOL_SOCKET = 1;
  public static final int SO_RCVBUF = 8;
  public static final int SO_BINDTODEVICE = 25;
  public static final int IPPROTO_IP = 0;
  public static final int IP_TOS = 1;
  public static final int IP_TTL = 2;
  public static final int IP_MTU_DISCOVER = 10;
  public static final int IP_MULTICAST_IF = 32;
  public static final int IP_MULTICAST_TTL = 33;
  public static final int IP_MULTICAST_LOOP = 34;
  public static final int IP_ADD_MEMBERSHIP = 35;
  public static final int IP_MULTICAST_ALL = 49;
  public static final int AF_INET6 = 10;
  public static final int IPPROTO_IPV6 = 41;
  public static final int IPV6_UNICAST_HOPS = 16;
  public static final int IPV6_MULTICAST_IF = 17;
  public static final int IPV6_MULTICAST_HOPS = 18;
  public static final int IPV6_MULTICAST_LOOP = 19;
  public static final int IPV6_ADD_MEMBERSHIP = 20;
  public static final int IPV6_MULTICAST_ALL = 29;
  public static final int IPV6_RECVPKTINFO = 49;
  public static final int IPV6_PKTINFO = 50;
  public static final int IPV6_RECVHOPLIMIT = 51;
  public static final int IPV6_HOPLIMIT = 52;
  public static final int IPV6_TCLASS = 67;
  public static final int IPV6_FREEBIND = 78;
  public static final int MSG_DONTWAIT = 0x40;
  public static final short POLLIN = 0x1;
  public static final int EFD_CLOEXEC = 0x80000;
  public static final int EFD_NONBLOCK = 0x800;
  public static final int EAGAIN = 11;
  public static final int EINTR = 4;

  public static native int socket(int domain, int type, int protocol);

  public static native int setsockopt(int fd, int level, int name, byte[] value, int len);

  public static native int bind(int fd, byte[] addr, int len);

  public static native long sendto(int fd, byte[] buf, long len, int flags, byte[] addr, int addrLen);

  public static native long recv(int fd, byte[] buf, long len, int flags);

  /** {@code msg}: a {@code struct msghdr} in native memory (see {@link MessageHeader}). */
  public static native long recvmsg(int fd, com.sun.jna.Pointer msg, int flags);

  public static native long read(int fd, byte[] buf, long len);

  public static native int inotify_init1(int flags);

  public static native int inotify_add_watch(int fd, String path, int mask);

  public static native int inotify_rm_watch(int fd, int wd);

  public static native int poll(byte[] fds, long nfds, int timeout);

  public static native int eventfd(int initval, int flags);

  public static native long write(int fd, byte[] buf, long len);

  public static native int close(int fd);

  public static native int kill(int pid, int sig);

  /** sigaction(2): {@code act} and {@code oldact} are {@code struct sigaction} buffers (or null). */
  public static native int sigaction(int sig, byte[] act, byte[] oldact);

  public static native int ioctl(int fd, long request, byte[] arg);

  public static native int if_nametoindex(String name);

  public static native String strerror(int errnum);

  /** errno of the last failed call on this thread, as text. */
  public static String lastError() {
    int e = Native.getLastError();
    return strerror(e) + " (errno " + e + ")";
  }

  /** An int as the 4-byte host-order option value. */
  public static byte[] intOpt(int v) {
    return java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.nativeOrder()).putInt(v).array();
  }

  /** {@code struct sockaddr_in} (16 bytes): family host order, port and address network order. */
  public static byte[] sockaddrIn(java.net.InetAddress addr, int port) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16);
    b.order(java.nio.ByteOrder.nativeOrder()).putShort((short) AF_INET);
    b.order(java.nio.ByteOrder.BIG_ENDIAN).putShort((short) port);
    b.put(addr == null ? new byte[4] : addr.getAddress());
    return b.array();
  }

  /**
   * {@code struct sockaddr_in6} (28 bytes): family host order, port network order, flow info, address, and the
   * scope (the interface index a link-local address belongs to).
   */
  public static byte[] sockaddrIn6(java.net.InetAddress addr, int port, int scopeId) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(28);
    b.order(java.nio.ByteOrder.nativeOrder()).putShort((short) AF_INET6);
    b.order(java.nio.ByteOrder.BIG_ENDIAN).putShort((short) port).putInt(0);
    b.put(addr == null ? new byte[16] : addr.getAddress());
    b.order(java.nio.ByteOrder.nativeOrder()).putInt(scopeId);
    return b.array();
  }

  /** {@code struct ipv6_mreq} (20 bytes): group, interface index. */
  public static byte[] ipv6Mreq(java.net.InetAddress group, int ifindex) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(20).order(java.nio.ByteOrder.nativeOrder());
    b.put(group.getAddress());
    b.putInt(ifindex);
    return b.array();
  }

  /** {@code struct ip_mreqn} (12 bytes): group, local address, interface index. */
  public static byte[] ipMreqn(java.net.InetAddress group, java.net.InetAddress local, int ifindex) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(12).order(java.nio.ByteOrder.nativeOrder());
    b.put(group == null ? new byte[4] : group.getAddress());
    b.put(local == null ? new byte[4] : local.getAddress());
    b.putInt(ifindex);
    return b.array();
  }
}
