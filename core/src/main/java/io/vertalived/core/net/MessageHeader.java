package io.vertalived.core.net;

import com.sun.jna.Memory;

/**
 * The buffers of recvmsg(2) for one receive thread, reused for every datagram (LP64 layouts): {@code struct msghdr},
 * its one {@code iovec}, the sender's {@code sockaddr_in6} and the ancillary data, where an IPv6 raw socket says
 * what the IPv6 header held (RFC 3542 6: IPV6_HOPLIMIT, IPV6_PKTINFO).
 */
public final class MessageHeader {
  private static final int MSGHDR_SIZE = 56;
  private static final int NAME_SIZE = 28;
  private static final int CONTROL_SIZE = 128;
  private static final int CMSGHDR_SIZE = 16;
  private final Memory msg = new Memory(MSGHDR_SIZE);
  private final Memory iov = new Memory(16);
  private final Memory name = new Memory(NAME_SIZE);
  private final Memory control = new Memory(CONTROL_SIZE);
  private final Memory data;
  private final int size;

  public MessageHeader(int size) {
    this.size = size;
    this.data = new Memory(size);
    iov.setPointer(0, data);
    iov.setLong(8, size);
  }

  /** Receives one datagram without blocking into {@code into}; its length, or -1 with errno set. */
  public long receive(int fd, byte[] into) {
    msg.clear();
    msg.setPointer(0, name);
    msg.setInt(8, NAME_SIZE);
    msg.setPointer(16, iov);
    msg.setLong(24, 1);
    msg.setPointer(32, control);
    msg.setLong(40, CONTROL_SIZE);
    long n = LibC.recvmsg(fd, msg, LibC.MSG_DONTWAIT);
    if (n > 0) {
      data.read(0, into, 0, (int) Math.min(n, Math.min(into.length, size)));
    }
    return n;
  }

  /** The sender's IPv6 address (16 bytes of its {@code sockaddr_in6}) of the last datagram. */
  public byte[] sourceIpv6() {
    return name.getByteArray(8, 16);
  }

  /** The data of the last datagram's control message {@code level}/{@code type}, or null when it has none. */
  public byte[] control(int level, int type) {
    long length = msg.getLong(40); // msg_controllen as the kernel left it
    long off = 0;
    while (off + CMSGHDR_SIZE <= length) {
      long cmsgLength = control.getLong(off);
      if (cmsgLength < CMSGHDR_SIZE || off + cmsgLength > length) {
        return null;
      }
      if (control.getInt(off + 8) == level && control.getInt(off + 12) == type) {
        return control.getByteArray(off + CMSGHDR_SIZE, (int) (cmsgLength - CMSGHDR_SIZE));
      }
      off += (cmsgLength + 7) & ~7L;
    }
    return null;
  }
}
