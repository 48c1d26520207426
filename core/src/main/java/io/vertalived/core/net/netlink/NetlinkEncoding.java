package io.vertalived.core.net.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writing netlink messages into a host-order {@link ByteBuffer} (pure): the nlmsghdr, attributes
 * (struct nlattr, padded to 4 bytes), nested attributes (NLA_F_NESTED) and the final length.
 * A message is built as: {@link #allocate}, {@link #header}, the family's own header, attributes,
 * {@link #finish}.
 */
public final class NetlinkEncoding {
  private NetlinkEncoding() {}

  /** NLA_F_NESTED. */
  public static final int NLA_F_NESTED = 0x8000;

  /** A buffer in host order, as netlink wants its headers. */
  public static ByteBuffer allocate(int capacity) {
    return ByteBuffer.allocate(capacity).order(ByteOrder.nativeOrder());
  }

  /** The nlmsghdr; its length is filled in by {@link #finish}. */
  public static ByteBuffer header(ByteBuffer b, short type, short flags, int sequence) {
    return b.putInt(0).putShort(type).putShort(flags).putInt(sequence).putInt(0);
  }

  /** One attribute, padded to 4 bytes. */
  public static void attr(ByteBuffer b, int type, byte[] payload) {
    b.putShort((short) (4 + payload.length)).putShort((short) type).put(payload);
    pad(b);
  }

  public static void attrU8(ByteBuffer b, int type, int value) {
    attr(b, type, new byte[] {(byte) value});
  }

  /** A 16-bit attribute in host order. */
  public static void attrU16(ByteBuffer b, int type, int value) {
    attr(b, type, allocate(2).putShort((short) value).array());
  }

  /** A 32-bit attribute in host order. */
  public static void attrU32(ByteBuffer b, int type, int value) {
    attr(b, type, allocate(4).putInt(value).array());
  }

  /** A 64-bit attribute in host order. */
  public static void attrU64(ByteBuffer b, int type, long value) {
    attr(b, type, allocate(8).putLong(value).array());
  }

  /** A 16-bit attribute in network order (ports). */
  public static void attrU16Be(ByteBuffer b, int type, int value) {
    attr(b, type, ByteBuffer.allocate(2).putShort((short) value).array());
  }

  /** A 32-bit attribute in network order. */
  public static void attrU32Be(ByteBuffer b, int type, int value) {
    attr(b, type, ByteBuffer.allocate(4).putInt(value).array());
  }

  /** A NUL-terminated string attribute. */
  public static void attrString(ByteBuffer b, int type, String value) {
    attr(b, type, (value + "\0").getBytes(StandardCharsets.US_ASCII));
  }

  /** Opens a nested attribute (NLA_F_NESTED set); {@link #endNest} fills in its length. */
  public static int nest(ByteBuffer b, int type) {
    int at = b.position();
    b.putShort((short) 0).putShort((short) (type | NLA_F_NESTED));
    return at;
  }

  /** Opens a nested attribute without NLA_F_NESTED, as some older families expect (IPVS). */
  public static int nestPlain(ByteBuffer b, int type) {
    int at = b.position();
    b.putShort((short) 0).putShort((short) type);
    return at;
  }

  public static void endNest(ByteBuffer b, int at) {
    b.putShort(at, (short) (b.position() - at));
  }

  /** Fills in nlmsg_len and returns the message's bytes. */
  public static byte[] finish(ByteBuffer b) {
    int len = b.position();
    b.putInt(0, len);
    return java.util.Arrays.copyOf(b.array(), len);
  }

  private static void pad(ByteBuffer b) {
    while (b.position() % 4 != 0) {
      b.put((byte) 0);
    }
  }
}
