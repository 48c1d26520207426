package io.vertalived.core.net.rtnl;

import io.vertalived.core.net.LibC;
import io.vertalived.core.net.netlink.Netlink;
import io.vertalived.core.net.netlink.NetlinkEncoding;
import io.vertalived.core.net.ReceiveLoop;
import io.vertalived.core.net.NativeIoException;

import com.sun.jna.Native;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.function.Consumer;

/**
 * Watches links, IPv4 addresses and IPv4 routes (RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR,
 * RTNLGRP_IPV4_ROUTE) on its own thread and
 * starts with a dump of every link, so that the current state is known (linkwatch coalesces
 * carrier edges: decisions use states, not edges).
 */
public final class RtnlMonitor implements AutoCloseable {
  private static final int RTMGRP_LINK = 0x1;
  private static final int RTMGRP_IPV4_IFADDR = 0x10;
  private static final int RTMGRP_IPV4_ROUTE = 0x40;
  private static final int RTMGRP_IPV4_RULE = 0x80;
  private static final int RTMGRP_IPV6_IFADDR = 0x100;
  private static final short RTM_GETLINK = 18;
  private final int fd;
  private final ReceiveLoop loop;

  public RtnlMonitor(Consumer<List<RtnlEvent>> consumer) throws NativeIoException {
    fd = LibC.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, 0);
    NativeIoException.check(fd, "socket(AF_NETLINK monitor)");
    LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUF, LibC.intOpt(1 << 20), 4);
    byte[] sa = ByteBuffer.allocate(12).order(ByteOrder.nativeOrder()).putShort((short) LibC.AF_NETLINK)
        .putShort((short) 0).putInt(0).putInt(RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR | RTMGRP_IPV4_ROUTE | RTMGRP_IPV4_RULE).array();
    if (LibC.bind(fd, sa, 12) < 0) {
      int e = Native.getLastError();
      LibC.close(fd);
      throw new NativeIoException("bind(netlink monitor)", e);
    }
    loop = new ReceiveLoop("vrrp-rtnl-monitor", fd, 64 * 1024, (buf, len) -> consumer.accept(RtnlEvent.parse(buf, len)));
    // dump the links: the replies arrive on the same socket as events
    ByteBuffer req = NetlinkEncoding.header(NetlinkEncoding.allocate(32), RTM_GETLINK,
        (short) (Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP), 1);
    req.put(new byte[16]); // struct ifinfomsg, AF_UNSPEC
    byte[] dump = NetlinkEncoding.finish(req);
    byte[] kernel = ByteBuffer.allocate(12).order(ByteOrder.nativeOrder()).putShort((short) LibC.AF_NETLINK).array();
    if (LibC.sendto(fd, dump, dump.length, 0, kernel, 12) < 0) {
      int e = Native.getLastError();
      close();
      throw new NativeIoException("RTM_GETLINK dump", e);
    }
  }

  @Override
  public void close() {
    loop.close();
    LibC.close(fd);
  }
}
