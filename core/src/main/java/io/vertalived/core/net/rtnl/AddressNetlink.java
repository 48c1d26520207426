package io.vertalived.core.net.rtnl;

import io.vertalived.core.net.netlink.Netlink;
import io.vertalived.core.net.netlink.NetlinkEncoding;
import io.vertalived.core.net.netlink.NetlinkSocket;
import io.vertalived.core.net.LibC;
import io.vertalived.core.net.NativeIoException;

import io.vertalived.core.config.model.VirtualAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Adds and removes addresses through rtnetlink (RTM_NEWADDR / RTM_DELADDR with ACK), never by
 * forking {@code ip}. Blocking: call it from a worker, never from an event loop.
 */
public final class AddressNetlink implements AutoCloseable {
  private static final short RTM_NEWADDR = 20;
  private static final short RTM_DELADDR = 21;
  private static final int IFA_ADDRESS = 1;
  private static final int IFA_LOCAL = 2;
  private static final int IFA_LABEL = 3;
  private static final int IFA_BROADCAST = 4;
  /** ifa_flags: no duplicate address detection (IPv6). */
  private static final int IFA_F_NODAD = 0x02;
  public static final int EEXIST = 17;
  public static final int EADDRNOTAVAIL = 99;

  private final NetlinkSocket socket;

  public AddressNetlink() throws NativeIoException {
    socket = new NetlinkSocket(Netlink.NETLINK_ROUTE);
  }

  /** Adds the address; an address already present counts as done. */
  public void add(int ifindex, VirtualAddress a, String label) throws NativeIoException {
    request("RTM_NEWADDR " + a.cidr(), RTM_NEWADDR, (short) (Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK
        | Netlink.NLM_F_EXCL | Netlink.NLM_F_CREATE), ifindex, a, label, EEXIST);
  }

  /** Removes the address; an address already absent counts as done. */
  public void delete(int ifindex, VirtualAddress a) throws NativeIoException {
    request("RTM_DELADDR " + a.cidr(), RTM_DELADDR, (short) (Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK), ifindex, a,
        null, EADDRNOTAVAIL);
  }

  /** Sends one request; fails unless acknowledged or answered {@code tolerated}. */
  private void request(String what, short type, short flags, int ifindex, VirtualAddress a, String label, int tolerated)
      throws NativeIoException {
    byte[] ip = a.address().address().getAddress();
    int mySeq = socket.nextSequence();
    ByteBuffer b = NetlinkEncoding.header(NetlinkEncoding.allocate(256), type, flags, mySeq);
    // an IPv6 VIP without duplicate address detection (IFA_F_NODAD), as keepalived adds it: a tentative address
    // could neither be used nor answer neighbour solicitations for a second or so after a takeover
    b.put((byte) (ip.length == 4 ? LibC.AF_INET : LibC.AF_INET6)).put((byte) a.prefixLength())
        .put((byte) (ip.length == 4 ? 0 : IFA_F_NODAD))
        .put((byte) scope(a.scope())).putInt(ifindex);
    NetlinkEncoding.attr(b, IFA_LOCAL, ip);
    NetlinkEncoding.attr(b, IFA_ADDRESS, a.peer() != null ? a.peer().address().getAddress() : ip);
    byte[] brd = broadcast(a);
    if (brd != null) {
      NetlinkEncoding.attr(b, IFA_BROADCAST, brd);
    }
    if (label != null && ip.length == 4) {
      NetlinkEncoding.attr(b, IFA_LABEL, (label + "\0").getBytes(StandardCharsets.US_ASCII));
    }
    socket.acknowledge(what, NetlinkEncoding.finish(b), mySeq, tolerated);
  }

  /** rtm_scope / ifa_scope from {@code ip}'s names or a number. */
  static int scope(String s) {
    if (s == null) {
      return 0;
    }
    return switch (s) {
      case "site" -> 200;
      case "link" -> 253;
      case "host" -> 254;
      case "nowhere" -> 255;
      case "global" -> 0;
      default -> Integer.parseInt(s);
    };
  }

  private static byte[] broadcast(VirtualAddress a) {
    if (a.broadcast() == null || a.address().isIpv6()) {
      return null;
    }
    if (a.broadcast().equals("+") || a.broadcast().equals("-")) {
      int ip = ByteBuffer.wrap(a.address().address().getAddress()).getInt();
      int host = a.prefixLength() >= 32 ? 0 : (-1 >>> a.prefixLength());
      int v = a.broadcast().equals("+") ? (ip | host) : (ip & ~host);
      return ByteBuffer.allocate(4).putInt(v).array();
    }
    return io.vertalived.core.config.model.IpAddress.parse(a.broadcast()).map(x -> x.address().getAddress()).orElse(null);
  }

  @Override
  public void close() {
    socket.close();
  }
}
