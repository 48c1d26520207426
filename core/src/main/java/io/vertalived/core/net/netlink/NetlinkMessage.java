package io.vertalived.core.net.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One received netlink message: its header fields and its bytes (header included). The family
 * header, if any, starts at {@link Netlink#HEADER_LENGTH}; {@link #attributes} reads what
 * follows it.
 */
public record NetlinkMessage(short type, short flags, int sequence, byte[] bytes) {
  /** Reads the messages of one datagram of {@code len} bytes. */
  public static java.util.List<NetlinkMessage> split(byte[] buf, int len) {
    java.util.List<NetlinkMessage> out = new java.util.ArrayList<>();
    ByteBuffer b = ByteBuffer.wrap(buf, 0, len).order(ByteOrder.nativeOrder());
    int pos = 0;
    while (pos + Netlink.HEADER_LENGTH <= len) {
      int mlen = b.getInt(pos);
      if (mlen < Netlink.HEADER_LENGTH || pos + mlen > len) {
        break;
      }
      out.add(new NetlinkMessage(b.getShort(pos + 4), b.getShort(pos + 6), b.getInt(pos + 8),
          java.util.Arrays.copyOfRange(buf, pos, pos + mlen)));
      pos += (mlen + 3) & ~3;
    }
    return out;
  }

  /** The payload in host order, positioned at the family header. */
  public ByteBuffer payload() {
    return ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()).position(Netlink.HEADER_LENGTH);
  }

  /** The attributes after a family header of {@code familyHeaderLength} bytes. */
  public NetlinkAttributes attributes(int familyHeaderLength) {
    return NetlinkAttributes.parse(bytes, Netlink.HEADER_LENGTH + familyHeaderLength, bytes.length);
  }

  /** For NLMSG_ERROR: the errno (0 for an ACK). */
  public int errno() {
    return bytes.length >= Netlink.HEADER_LENGTH + 4 ? -payload().getInt() : 0;
  }

  /**
   * For NLMSG_ERROR with extended ACK attributes: the kernel's message, else null. The attributes
   * follow errno and the echoed request: its header only when the kernel capped it
   * (NLM_F_CAPPED, as with NETLINK_CAP_ACK), else the whole request.
   */
  public String extendedAckMessage() {
    if ((flags & Netlink.NLM_F_ACK_TLVS) == 0 || bytes.length < Netlink.HEADER_LENGTH + 4 + Netlink.HEADER_LENGTH) {
      return null;
    }
    int echoed = (flags & Netlink.NLM_F_CAPPED) != 0 ? Netlink.HEADER_LENGTH
        : (payload().getInt(Netlink.HEADER_LENGTH + 4) + 3) & ~3;
    return NetlinkAttributes.parse(bytes, Netlink.HEADER_LENGTH + 4 + echoed, bytes.length)
        .string(Netlink.NLMSGERR_ATTR_MSG);
  }
}
