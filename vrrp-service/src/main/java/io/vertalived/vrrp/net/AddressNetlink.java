package io.vertalived.vrrp.net;

import com.sun.jna.Native;
import io.vertalived.core.config.model.VirtualAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Adds and removes addresses through rtnetlink (RTM_NEWADDR / RTM_DELADDR with ACK), never by
 * forking {@code ip}. Blocking: call it from a worker, never from an event loop (the RTNL lock
 * can take milliseconds). One request at a time.
 */
public final class AddressNetlink implements AutoCloseable {
  private static final int NETLINK_ROUTE = 0;
  private static final int SOL_NETLINK = 270;
  private static final int NETLINK_EXT_ACK = 11;
  private static final int NETLINK_CAP_ACK = 10;
  private static final short RTM_NEWADDR = 20;
  private static final short RTM_DELADDR = 21;
  private static final short NLM_F_REQUEST = 0x1;
  private static final short NLM_F_ACK = 0x4;
  private static final short NLM_F_EXCL = 0x200;
  private static final short NLM_F_CREATE = 0x400;
  private static final short NLMSG_ERROR = 2;
  private static final int IFA_ADDRESS = 1;
  private static final int IFA_LOCAL = 2;
  private static final int IFA_LABEL = 3;
  private static final int IFA_BROADCAST = 4;
  public static final int EEXIST = 17;
  public static final int EADDRNOTAVAIL = 99;

  private final int fd;
  private int seq = 1;
  private final byte[] reply = new byte[65536];

  public AddressNetlink() throws NativeIoException {
    fd = LibC.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, NETLINK_ROUTE);
    NativeIoException.check(fd, "socket(AF_NETLINK)");
    LibC.setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, LibC.intOpt(1), 4);
    LibC.setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, LibC.intOpt(1), 4);
    byte[] nl = ByteBuffer.allocate(12).order(ByteOrder.nativeOrder()).putShort((short) LibC.AF_NETLINK).array();
    NativeIoException.check(LibC.bind(fd, nl, 12), "bind(AF_NETLINK)");
  }

  /** Adds the address; an address already present counts as done. */
  public synchronized void add(int ifindex, VirtualAddress a, String label) throws NativeIoException {
    int rc = request(RTM_NEWADDR, (short) (NLM_F_REQUEST | NLM_F_ACK | NLM_F_EXCL | NLM_F_CREATE), ifindex, a, label);
    if (rc != 0 && rc != EEXIST) {
      throw new NativeIoException("RTM_NEWADDR " + a.cidr(), rc);
    }
  }

  /** Removes the address; an address already absent counts as done. */
  public synchronized void delete(int ifindex, VirtualAddress a) throws NativeIoException {
    int rc = request(RTM_DELADDR, (short) (NLM_F_REQUEST | NLM_F_ACK), ifindex, a, null);
    if (rc != 0 && rc != EADDRNOTAVAIL) {
      throw new NativeIoException("RTM_DELADDR " + a.cidr(), rc);
    }
  }

  /** Sends one request and returns the errno of its ACK (0 = done). */
  private int request(short type, short flags, int ifindex, VirtualAddress a, String label) throws NativeIoException {
    byte[] ip = a.address().address().getAddress();
    ByteBuffer b = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());
    int mySeq = seq++;
    b.putInt(0).putShort(type).putShort(flags).putInt(mySeq).putInt(0);
    b.put((byte) (ip.length == 4 ? LibC.AF_INET : 10)).put((byte) a.prefixLength()).put((byte) 0)
        .put((byte) scope(a.scope())).putInt(ifindex);
    attr(b, IFA_LOCAL, ip);
    attr(b, IFA_ADDRESS, a.peer() != null ? a.peer().address().getAddress() : ip);
    byte[] brd = broadcast(a);
    if (brd != null) {
      attr(b, IFA_BROADCAST, brd);
    }
    if (label != null && ip.length == 4) {
      attr(b, IFA_LABEL, (label + "\0").getBytes(StandardCharsets.US_ASCII));
    }
    int len = b.position();
    b.putInt(0, len);
    byte[] msg = java.util.Arrays.copyOf(b.array(), len);
    byte[] kernel = ByteBuffer.allocate(12).order(ByteOrder.nativeOrder()).putShort((short) LibC.AF_NETLINK).array();
    if (LibC.sendto(fd, msg, len, 0, kernel, 12) < 0) {
      throw new NativeIoException("sendto(netlink)", Native.getLastError());
    }
    while (true) {
      long n = LibC.recv(fd, reply, reply.length, 0);
      if (n < 0) {
        if (Native.getLastError() == LibC.EINTR) {
          continue;
        }
        throw new NativeIoException("recv(netlink)", Native.getLastError());
      }
      ByteBuffer r = ByteBuffer.wrap(reply, 0, (int) n).order(ByteOrder.nativeOrder());
      int pos = 0;
      while (pos + 16 <= n) {
        int mlen = r.getInt(pos);
        short mtype = r.getShort(pos + 4);
        int mseq = r.getInt(pos + 8);
        if (mlen < 16) {
          break;
        }
        if (mtype == NLMSG_ERROR && mseq == mySeq) {
          return -r.getInt(pos + 16);
        }
        pos += (mlen + 3) & ~3;
      }
    }
  }

  private static void attr(ByteBuffer b, int type, byte[] payload) {
    b.putShort((short) (4 + payload.length)).putShort((short) type).put(payload);
    while (b.position() % 4 != 0) {
      b.put((byte) 0);
    }
  }

  private static int scope(String s) {
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
    LibC.close(fd);
  }
}
