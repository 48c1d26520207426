package io.vertalived.vrrp.net;

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
  public static final int EEXIST = 17;
  public static final int EADDRNOTAVAIL = 99;

  private final NetlinkSocket socket;

  public AddressNetlink() throws NativeIoException {
    socket = new NetlinkSocket(NetlinkSocket.NETLINK_ROUTE);
  }

  /** Adds the address; an address already present counts as done. */
  public void add(int ifindex, VirtualAddress a, String label) throws NativeIoException {
    int rc = request(RTM_NEWADDR, (short) (NetlinkSocket.NLM_F_REQUEST | NetlinkSocket.NLM_F_ACK
        | NetlinkSocket.NLM_F_EXCL | NetlinkSocket.NLM_F_CREATE), ifindex, a, label);
    if (rc != 0 && rc != EEXIST) {
      throw new NativeIoException("RTM_NEWADDR " + a.cidr(), rc);
    }
  }

  /** Removes the address; an address already absent counts as done. */
  public void delete(int ifindex, VirtualAddress a) throws NativeIoException {
    int rc = request(RTM_DELADDR, (short) (NetlinkSocket.NLM_F_REQUEST | NetlinkSocket.NLM_F_ACK), ifindex, a, null);
    if (rc != 0 && rc != EADDRNOTAVAIL) {
      throw new NativeIoException("RTM_DELADDR " + a.cidr(), rc);
    }
  }

  /** Sends one request and returns the errno of its ACK (0 = done). */
  private int request(short type, short flags, int ifindex, VirtualAddress a, String label) throws NativeIoException {
    byte[] ip = a.address().address().getAddress();
    ByteBuffer b = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());
    int mySeq = socket.nextSequence();
    b.putInt(0).putShort(type).putShort(flags).putInt(mySeq).putInt(0);
    b.put((byte) (ip.length == 4 ? LibC.AF_INET : 10)).put((byte) a.prefixLength()).put((byte) 0)
        .put((byte) scope(a.scope())).putInt(ifindex);
    NetlinkSocket.attr(b, IFA_LOCAL, ip);
    NetlinkSocket.attr(b, IFA_ADDRESS, a.peer() != null ? a.peer().address().getAddress() : ip);
    byte[] brd = broadcast(a);
    if (brd != null) {
      NetlinkSocket.attr(b, IFA_BROADCAST, brd);
    }
    if (label != null && ip.length == 4) {
      NetlinkSocket.attr(b, IFA_LABEL, (label + "\0").getBytes(StandardCharsets.US_ASCII));
    }
    return socket.request(NetlinkSocket.finish(b), mySeq);
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
