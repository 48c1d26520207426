package io.vertalived.vrrp.net;

import io.vertalived.core.net.LibC;
import io.vertalived.core.net.NativeIoException;

/** What the IPv4 and IPv6 VRRP sockets share: the interface's index and a raw IPPROTO 112 socket tied to it. */
final class VrrpRawSocket {
  private VrrpRawSocket() {}

  static int ifindex(String ifname) throws NativeIoException {
    int ifindex = LibC.if_nametoindex(ifname);
    if (ifindex == 0) {
      throw new NativeIoException("if_nametoindex(" + ifname + ")", com.sun.jna.Native.getLastError());
    }
    return ifindex;
  }

  /** A raw socket of {@code family} for protocol 112, bound to the device (SO_BINDTODEVICE). */
  static int open(int family, String ifname) throws NativeIoException {
    String what = "socket(" + (family == LibC.AF_INET6 ? "AF_INET6" : "AF_INET") + ", SOCK_RAW, 112)";
    int fd = LibC.socket(family, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, 112);
    NativeIoException.check(fd, what);
    byte[] name = (ifname + "\0").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    if (LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_BINDTODEVICE, name, name.length) < 0) {
      int e = com.sun.jna.Native.getLastError();
      LibC.close(fd);
      throw new NativeIoException("SO_BINDTODEVICE(" + ifname + ")", e);
    }
    return fd;
  }

  static void option(int fd, int level, int name, byte[] value, String what) throws NativeIoException {
    NativeIoException.check(LibC.setsockopt(fd, level, name, value, value.length), "setsockopt(" + what + ")");
  }
}
