package io.vertalived.core.net.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The attributes (struct nlattr) of one region of a netlink message, read (pure). Types are
 * given without the NLA_F_NESTED / NLA_F_NET_BYTEORDER bits; a repeated type answers its first
 * occurrence, {@link #all} every one. A malformed attribute ends the region, as the kernel's
 * nla_for_each_attr does.
 */
public final class NetlinkAttributes {
  private static final int TYPE_MASK = 0x3fff;
  private final byte[] buf;
  private final ByteBuffer host;
  /** {type, payload offset, payload length} in order. */
  private final List<int[]> entries;

  private NetlinkAttributes(byte[] buf, List<int[]> entries) {
    this.buf = buf;
    this.host = ByteBuffer.wrap(buf).order(ByteOrder.nativeOrder());
    this.entries = entries;
  }

  /** The attributes between {@code from} and {@code to} of {@code buf}. */
  public static NetlinkAttributes parse(byte[] buf, int from, int to) {
    ByteBuffer b = ByteBuffer.wrap(buf).order(ByteOrder.nativeOrder());
    List<int[]> out = new ArrayList<>();
    int p = from;
    int end = Math.min(to, buf.length);
    while (p + 4 <= end) {
      int len = b.getShort(p) & 0xffff;
      int type = b.getShort(p + 2) & TYPE_MASK;
      if (len < 4 || p + len > end) {
        break;
      }
      out.add(new int[] {type, p + 4, len - 4});
      p += (len + 3) & ~3;
    }
    return new NetlinkAttributes(buf, out);
  }

  /** The attribute types present, in order (repeats included). */
  public List<Integer> types() {
    return entries.stream().map(e -> e[0]).toList();
  }

  public boolean has(int type) {
    return find(type) != null;
  }

  /** The payload, or null when absent. */
  public byte[] bytes(int type) {
    int[] e = find(type);
    return e == null ? null : Arrays.copyOfRange(buf, e[1], e[1] + e[2]);
  }

  public int u8(int type, int absent) {
    int[] e = find(type, 1);
    return e == null ? absent : buf[e[1]] & 0xff;
  }

  /** A host-order 16-bit value. */
  public int u16(int type, int absent) {
    int[] e = find(type, 2);
    return e == null ? absent : host.getShort(e[1]) & 0xffff;
  }

  /** A network-order 16-bit value (ports). */
  public int u16Be(int type, int absent) {
    int[] e = find(type, 2);
    return e == null ? absent : ((buf[e[1]] & 0xff) << 8) | (buf[e[1] + 1] & 0xff);
  }

  /** A host-order 32-bit value. */
  public int u32(int type, int absent) {
    int[] e = find(type, 4);
    return e == null ? absent : host.getInt(e[1]);
  }

  /** A network-order 32-bit value. */
  public int u32Be(int type, int absent) {
    int[] e = find(type, 4);
    return e == null ? absent : ByteBuffer.wrap(buf, e[1], 4).getInt();
  }

  /** A host-order 64-bit value. */
  public long u64(int type, long absent) {
    int[] e = find(type, 8);
    return e == null ? absent : host.getLong(e[1]);
  }

  /** A string, up to its NUL; null when absent. */
  public String string(int type) {
    int[] e = find(type);
    if (e == null) {
      return null;
    }
    int n = 0;
    while (n < e[2] && buf[e[1] + n] != 0) {
      n++;
    }
    return new String(buf, e[1], n, StandardCharsets.US_ASCII);
  }

  /** The attributes nested in {@code type}; empty when absent. */
  public NetlinkAttributes nested(int type) {
    int[] e = find(type);
    return e == null ? new NetlinkAttributes(buf, List.of()) : parse(buf, e[1], e[1] + e[2]);
  }

  /** The attributes nested in every occurrence of {@code type}, in order. */
  public List<NetlinkAttributes> all(int type) {
    List<NetlinkAttributes> out = new ArrayList<>();
    for (int[] e : entries) {
      if (e[0] == type) {
        out.add(parse(buf, e[1], e[1] + e[2]));
      }
    }
    return out;
  }

  /** The attributes nested in each attribute here, in order (arrays such as CTRL_ATTR_MCAST_GROUPS). */
  public List<NetlinkAttributes> elements() {
    List<NetlinkAttributes> out = new ArrayList<>();
    for (int[] e : entries) {
      out.add(parse(buf, e[1], e[1] + e[2]));
    }
    return out;
  }

  private int[] find(int type) {
    for (int[] e : entries) {
      if (e[0] == type) {
        return e;
      }
    }
    return null;
  }

  /** The attribute if its payload has at least {@code size} bytes. */
  private int[] find(int type, int size) {
    int[] e = find(type);
    return e != null && e[2] >= size ? e : null;
  }
}
