package io.vertalived.core.net.rtnl;

import io.vertalived.core.net.NativeIoException;
import io.vertalived.core.net.netlink.Netlink;
import io.vertalived.core.net.netlink.NetlinkEncoding;
import io.vertalived.core.net.netlink.NetlinkMessage;
import io.vertalived.core.net.netlink.NetlinkSocket;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;

/**
 * The addresses configured on this host (network namespace), IPv4 and IPv6, from an RTM_GETADDR dump through
 * rtnetlink (never by running {@code ip}). Blocking: call it off the event loop.
 */
public final class LocalAddresses {
  private static final short RTM_GETADDR = 22;
  private static final short RTM_NEWADDR = 20;
  private static final int IFA_ADDRESS = 1;
  private static final int IFA_LOCAL = 2;

  private LocalAddresses() {}

  public static Set<InetAddress> dump() throws NativeIoException {
    Set<InetAddress> out = new HashSet<>();
    try (NetlinkSocket s = new NetlinkSocket(Netlink.NETLINK_ROUTE)) {
      for (NetlinkMessage m : s.dump("RTM_GETADDR dump", seq -> {
        ByteBuffer b = NetlinkEncoding.header(NetlinkEncoding.allocate(32), RTM_GETADDR,
            (short) (Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP), seq);
        b.put(new byte[8]); // struct ifaddrmsg, AF_UNSPEC: every family
        return NetlinkEncoding.finish(b);
      })) {
        InetAddress a = address(m);
        if (a != null) {
          out.add(a);
        }
      }
    }
    return out;
  }

  /** IFA_LOCAL (the address of a point-to-point link's own end), else IFA_ADDRESS. */
  private static InetAddress address(NetlinkMessage m) {
    if (m.type() != RTM_NEWADDR || m.bytes().length < Netlink.HEADER_LENGTH + 8) {
      return null;
    }
    var a = m.attributes(8);
    byte[] ip = a.bytes(IFA_LOCAL) != null ? a.bytes(IFA_LOCAL) : a.bytes(IFA_ADDRESS);
    if (ip == null || ip.length != 4 && ip.length != 16) {
      return null;
    }
    try {
      return InetAddress.getByAddress(ip);
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
