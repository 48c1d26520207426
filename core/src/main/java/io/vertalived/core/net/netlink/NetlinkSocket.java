package io.vertalived.core.net.netlink;

import com.sun.jna.Native;
import io.vertalived.core.net.LibC;
import io.vertalived.core.net.NativeIoException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One netlink socket for requests to the kernel (rtnetlink, nf_tables, generic netlink): a
 * request answered by an ACK, a request answered by messages then an ACK, a multipart dump
 * (NLM_F_DUMP, ended by NLMSG_DONE), or an nf_tables batch. Replies are matched by sequence
 * number; the kernel's extended ACK message, when it sends one, is part of the error.
 *
 * <p>Blocking: use it from a thread of its own, never from an event loop (the RTNL lock can take
 * milliseconds). One exchange at a time; an answer that does not come within 5 s is an error.
 */
public final class NetlinkSocket implements AutoCloseable {
  private static final int SO_RCVTIMEO = 20;
  private static final int SO_SNDBUF = 7;
  private static final int SO_SNDBUFFORCE = 32;
  private static final int SO_RCVBUFFORCE = 33;
  private static final int SOL_NETLINK = 270;
  private static final int NETLINK_CAP_ACK = 10;
  private static final int NETLINK_EXT_ACK = 11;
  private static final int EAGAIN = 11;
  /** A dump the kernel reports as interrupted (it changed while read) is read again, this often. */
  private static final int DUMP_ATTEMPTS = 3;

  private final int fd;
  private final String protocolName;
  private int seq = 1;
  private final byte[] reply = new byte[64 * 1024];

  /** Opens a socket of {@code protocol} ({@link Netlink#NETLINK_ROUTE} and the like). */
  public NetlinkSocket(int protocol) throws NativeIoException {
    fd = LibC.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, protocol);
    NativeIoException.check(fd, "socket(AF_NETLINK " + protocol + ")");
    protocolName = "netlink " + protocol;
    byte[] fiveSeconds = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder()).putLong(5).putLong(0).array();
    LibC.setsockopt(fd, LibC.SOL_SOCKET, SO_RCVTIMEO, fiveSeconds, 16);
    LibC.setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, LibC.intOpt(1), 4);
    LibC.setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, LibC.intOpt(1), 4);
    if (LibC.bind(fd, kernelAddress(), 12) < 0) {
      int e = Native.getLastError();
      LibC.close(fd);
      throw new NativeIoException("bind(AF_NETLINK)", e);
    }
  }

  /**
   * Sets the socket's send and receive buffers to {@code bytes} (SO_SNDBUFFORCE/SO_RCVBUFFORCE as root, beyond
   * net.core.*mem_max; else SO_SNDBUF/SO_RCVBUF within it): an nf_tables batch that programs a whole table goes to
   * the kernel as one message, and its ACKs come back together.
   */
  public NetlinkSocket buffers(int bytes) {
    byte[] v = LibC.intOpt(bytes);
    if (LibC.setsockopt(fd, LibC.SOL_SOCKET, SO_SNDBUFFORCE, v, 4) < 0) {
      LibC.setsockopt(fd, LibC.SOL_SOCKET, SO_SNDBUF, v, 4);
    }
    if (LibC.setsockopt(fd, LibC.SOL_SOCKET, SO_RCVBUFFORCE, v, 4) < 0) {
      LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUF, v, 4);
    }
    return this;
  }

  /** A batch built from {@link #nextSequence()} numbered its messages up to {@code last}: they are not reused. */
  public synchronized void sequencesUsedUpTo(int last) {
    if (seq <= last) {
      seq = last + 1;
    }
  }

  /** The next sequence number, for the header of the message about to be sent. */
  public synchronized int nextSequence() {
    return seq++;
  }

  /** Sends {@code msg} (a complete message with sequence {@code mySeq} and NLM_F_ACK); returns its ACK's errno (0: done). */
  public synchronized int request(byte[] msg, int mySeq) throws NativeIoException {
    return requestBatch(msg, mySeq, mySeq);
  }

  /**
   * Sends {@code msg} and fails unless the kernel acknowledges it or answers one of the
   * {@code tolerated} errnos (EEXIST for an add that is already done, say); answers the errno.
   * The error names {@code what} and carries the kernel's extended ACK message.
   */
  public synchronized int acknowledge(String what, byte[] msg, int mySeq, int... tolerated) throws NativeIoException {
    send(msg);
    while (true) {
      for (NetlinkMessage m : receive()) {
        if (m.sequence() == mySeq && m.type() == Netlink.NLMSG_ERROR) {
          int errno = m.errno();
          if (errno == 0 || contains(tolerated, errno)) {
            return errno;
          }
          throw new NativeIoException(what, errno, m.extendedAckMessage());
        }
      }
    }
  }

  /**
   * Sends {@code msg}, which holds messages with sequence numbers {@code firstSeq..lastSeq} (an
   * nf_tables batch: BEGIN, requests with NLM_F_ACK, END), and waits for the ACK of
   * {@code lastSeq}; returns the first non-zero errno of the range, or 0. An error for
   * {@code firstSeq} (the batch itself refused) ends the wait at once.
   */
  public synchronized int requestBatch(byte[] msg, int firstSeq, int lastSeq) throws NativeIoException {
    return batch(msg, firstSeq, lastSeq).errno();
  }

  /**
   * {@link #requestBatch}, answering also which message failed first and what the kernel said of it (its
   * extended ACK message), for an error that names the culprit.
   */
  public synchronized BatchOutcome batch(byte[] msg, int firstSeq, int lastSeq) throws NativeIoException {
    send(msg);
    int errno = 0;
    int failed = 0;
    String message = null;
    List<NetlinkMessage> echoes = new ArrayList<>();
    while (true) {
      for (NetlinkMessage m : receive()) {
        int s = m.sequence();
        if (s < firstSeq || s > lastSeq) {
          continue;
        }
        if (m.type() != Netlink.NLMSG_ERROR) {
          echoes.add(m);
          continue;
        }
        if (errno == 0 && m.errno() != 0) {
          errno = m.errno();
          failed = s;
          message = m.extendedAckMessage();
        }
        if (s == lastSeq || m.errno() != 0 && s == firstSeq) {
          return new BatchOutcome(errno, failed, message, echoes);
        }
      }
    }
  }

  /**
   * Sends {@code msg}, independent requests with NLM_F_ACK numbered {@code firstSeq..lastSeq} in one datagram (the
   * kernel handles them in order and acknowledges each, failed or not), and answers every ACK, in sequence order:
   * one round trip for many requests. The caller keeps the ACKs within the receive buffer (a few hundred requests).
   */
  public synchronized List<NetlinkMessage> pipeline(byte[] msg, int firstSeq, int lastSeq) throws NativeIoException {
    send(msg);
    NetlinkMessage[] acks = new NetlinkMessage[lastSeq - firstSeq + 1];
    int missing = acks.length;
    while (missing > 0) {
      for (NetlinkMessage m : receive()) {
        int s = m.sequence();
        if (m.type() == Netlink.NLMSG_ERROR && s >= firstSeq && s <= lastSeq && acks[s - firstSeq] == null) {
          acks[s - firstSeq] = m;
          missing--;
        }
      }
    }
    return List.of(acks);
  }

  /**
   * A batch's outcome: errno 0, or the first error, the sequence number of its message and the kernel's words; and
   * the messages the kernel echoed back (requests sent with NLM_F_ECHO: a new rule with its handle).
   */
  public record BatchOutcome(int errno, int sequence, String message, List<NetlinkMessage> echoes) {}

  /**
   * A request answered by messages (a GET without NLM_F_DUMP, sent with NLM_F_ACK): the replies
   * until its ACK. An error ACK fails with {@code what}.
   */
  public synchronized List<NetlinkMessage> query(String what, byte[] msg, int mySeq) throws NativeIoException {
    send(msg);
    List<NetlinkMessage> out = new ArrayList<>();
    while (true) {
      for (NetlinkMessage m : receive()) {
        if (m.sequence() != mySeq) {
          continue;
        }
        if (m.type() == Netlink.NLMSG_ERROR) {
          if (m.errno() != 0) {
            throw new NativeIoException(what, m.errno(), m.extendedAckMessage());
          }
          return out;
        }
        if (m.type() == Netlink.NLMSG_DONE) {
          return out;
        }
        out.add(m);
      }
    }
  }

  /**
   * A multipart dump: sends the request built by {@code request} (given a fresh sequence
   * number; it must carry NLM_F_DUMP) and answers every message until NLMSG_DONE. A dump the
   * kernel marks as interrupted (NLM_F_DUMP_INTR: the table changed while it was read) is read
   * again, up to three times.
   */
  public synchronized List<NetlinkMessage> dump(String what, java.util.function.IntFunction<byte[]> request)
      throws NativeIoException {
    for (int attempt = 1; ; attempt++) {
      int mySeq = nextSequence();
      send(request.apply(mySeq));
      List<NetlinkMessage> out = new ArrayList<>();
      boolean interrupted = false;
      boolean done = false;
      while (!done) {
        for (NetlinkMessage m : receive()) {
          if (m.sequence() != mySeq) {
            continue;
          }
          interrupted |= (m.flags() & Netlink.NLM_F_DUMP_INTR) != 0;
          if (m.type() == Netlink.NLMSG_ERROR) {
            if (m.errno() != 0) {
              throw new NativeIoException(what, m.errno(), m.extendedAckMessage());
            }
            done = true;
          } else if (m.type() == Netlink.NLMSG_DONE) {
            int errno = m.errno();
            if (errno > 0) {
              throw new NativeIoException(what, errno, m.extendedAckMessage());
            }
            done = true;
          } else {
            out.add(m);
          }
        }
      }
      if (!interrupted || attempt == DUMP_ATTEMPTS) {
        return out;
      }
    }
  }

  private void send(byte[] msg) throws NativeIoException {
    if (LibC.sendto(fd, msg, msg.length, 0, kernelAddress(), 12) < 0) {
      throw new NativeIoException("sendto(" + protocolName + ")", Native.getLastError());
    }
  }

  /** The messages of the next datagram; fails after 5 s without one. */
  private List<NetlinkMessage> receive() throws NativeIoException {
    while (true) {
      long n = LibC.recv(fd, reply, reply.length, 0);
      if (n >= 0) {
        return NetlinkMessage.split(reply, (int) n);
      }
      int e = Native.getLastError();
      if (e == LibC.EINTR) {
        continue;
      }
      throw new NativeIoException(e == EAGAIN ? "recv(" + protocolName + "): no answer within 5 s"
          : "recv(" + protocolName + ")", e);
    }
  }

  private static boolean contains(int[] values, int v) {
    for (int x : values) {
      if (x == v) {
        return true;
      }
    }
    return false;
  }

  private static byte[] kernelAddress() {
    return ByteBuffer.allocate(12).order(ByteOrder.nativeOrder()).putShort((short) LibC.AF_NETLINK).array();
  }

  @Override
  public void close() {
    LibC.close(fd);
  }
}
