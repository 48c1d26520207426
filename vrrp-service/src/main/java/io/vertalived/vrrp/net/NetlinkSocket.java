package io.vertalived.vrrp.net;

import io.vertalived.core.net.LibC;
import io.vertalived.core.net.NativeIoException;

import com.sun.jna.Native;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One netlink socket for requests (NETLINK_ROUTE, or NETLINK_NETFILTER for nf_tables batches):
 * sends a message and waits for its ACK (NLMSG_ERROR with our sequence number). Blocking: use it
 * from a worker thread, never from an event loop (the RTNL lock can take milliseconds). One
 * request at a time; an answer that does not come within 5 s is an error.
 */
final class NetlinkSocket implements AutoCloseable {
  static final int NETLINK_ROUTE = 0;
  static final int NETLINK_NETFILTER = 12;
  static final short NLM_F_REQUEST = 0x1;
  static final short NLM_F_ACK = 0x4;
  static final short NLM_F_EXCL = 0x200;
  static final short NLM_F_CREATE = 0x400;
  private static final int SO_RCVTIMEO = 20;
  private static final int SOL_NETLINK = 270;
  private static final int NETLINK_EXT_ACK = 11;
  private static final int NETLINK_CAP_ACK = 10;
  private static final short NLMSG_ERROR = 2;

  private final int fd;
  private int seq = 1;
  private final byte[] reply = new byte[65536];

  NetlinkSocket(int protocol) throws NativeIoException {
    fd = LibC.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, protocol);
    NativeIoException.check(fd, "socket(AF_NETLINK)");
    byte[] fiveSeconds = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder()).putLong(5).putLong(0).array();
    LibC.setsockopt(fd, LibC.SOL_SOCKET, SO_RCVTIMEO, fiveSeconds, 16);
    LibC.setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, LibC.intOpt(1), 4);
    LibC.setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, LibC.intOpt(1), 4);
    NativeIoException.check(LibC.bind(fd, kernelAddress(), 12), "bind(AF_NETLINK)");
  }

  /** The next sequence number, to put in the header of the message about to be sent. */
  synchronized int nextSequence() {
    return seq++;
  }

  /** Sends {@code msg} (a complete nlmsghdr with sequence {@code mySeq}); returns the ACK's errno. */
  synchronized int request(byte[] msg, int mySeq) throws NativeIoException {
    return requestBatch(msg, mySeq, mySeq);
  }

  /**
   * Sends {@code msg}, which holds messages with sequence numbers {@code firstSeq..lastSeq} (an
   * nf_tables batch: BEGIN, requests with NLM_F_ACK, END), and waits for the ACK of
   * {@code lastSeq}; returns the first non-zero errno of the range, or 0. An error for
   * {@code firstSeq} (the batch itself refused) ends the wait at once.
   */
  synchronized int requestBatch(byte[] msg, int firstSeq, int lastSeq) throws NativeIoException {
    byte[] kernel = kernelAddress();
    if (LibC.sendto(fd, msg, msg.length, 0, kernel, 12) < 0) {
      throw new NativeIoException("sendto(netlink)", Native.getLastError());
    }
    int firstError = 0;
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
        if (mlen < 16) {
          break;
        }
        int seq = r.getInt(pos + 8);
        if (r.getShort(pos + 4) == NLMSG_ERROR && seq >= firstSeq && seq <= lastSeq) {
          int errno = -r.getInt(pos + 16);
          if (firstError == 0) {
            firstError = errno;
          }
          if (seq == lastSeq || errno != 0 && seq == firstSeq) {
            return firstError;
          }
        }
        pos += (mlen + 3) & ~3;
      }
    }
  }

  /** Appends one rtattr, padded to 4 bytes. */
  static void attr(ByteBuffer b, int type, byte[] payload) {
    b.putShort((short) (4 + payload.length)).putShort((short) type).put(payload);
    while (b.position() % 4 != 0) {
      b.put((byte) 0);
    }
  }

  /** Opens a nested attribute (NLA_F_NESTED); {@link #closeNest} fills in its length. */
  static int nest(ByteBuffer b, int type) {
    int at = b.position();
    b.putShort((short) 0).putShort((short) (type | 0x8000));
    return at;
  }

  static void closeNest(ByteBuffer b, int at) {
    b.putShort(at, (short) (b.position() - at));
  }

  static void attrInt(ByteBuffer b, int type, int value) {
    attr(b, type, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array());
  }

  /** Fills in nlmsg_len and returns the message. */
  static byte[] finish(ByteBuffer b) {
    int len = b.position();
    b.putInt(0, len);
    return java.util.Arrays.copyOf(b.array(), len);
  }

  private static byte[] kernelAddress() {
    return ByteBuffer.allocate(12).order(ByteOrder.nativeOrder()).putShort((short) LibC.AF_NETLINK).array();
  }

  @Override
  public void close() {
    LibC.close(fd);
  }
}
