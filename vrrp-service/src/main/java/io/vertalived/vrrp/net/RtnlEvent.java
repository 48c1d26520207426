package io.vertalived.vrrp.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The rtnetlink messages the VRRP service watches, decoded (pure): links (RTM_NEWLINK /
 * RTM_DELLINK: index, name, usable), IPv4 addresses (RTM_NEWADDR / RTM_DELADDR) and IPv4 routes
 * (RTM_NEWROUTE / RTM_DELROUTE: table, destination, output interface) and policy rules
 * (RTM_NEWRULE / RTM_DELRULE: what identifies one).
 * Headers are host order; addresses network order (linux-dataplane.md 2).
 */
public sealed interface RtnlEvent {
  /** A link is usable when administratively up and running (carrier), keepalived.conf(5) VRRP instance(s), track_* weights / RFC 2863. */
  record Link(int index, String name, boolean usable, boolean deleted) implements RtnlEvent {}

  record Address(int index, InetAddress address, int prefixLength, boolean deleted) implements RtnlEvent {}

  /** An IPv4 route; {@code oif} 0 when it has none (blackhole and the like). */
  record Route(int table, InetAddress destination, int prefixLength, int oif, boolean deleted) implements RtnlEvent {}

  /**
   * A policy routing rule, identified by {@code match}: family, prefixes, tos, action, table,
   * priority, interfaces and mark (not the protocol), the same text for the rule we added and
   * the kernel's notification of it.
   */
  record Rule(String match, boolean deleted) implements RtnlEvent {}

  short RTM_NEWRULE = 32;
  short RTM_DELRULE = 33;
  short RTM_NEWLINK = 16;
  short RTM_DELLINK = 17;
  short RTM_NEWADDR = 20;
  short RTM_DELADDR = 21;
  int IFF_UP = 0x1;
  int IFF_RUNNING = 0x40;
  int IFLA_IFNAME = 3;
  int IFA_ADDRESS = 1;
  int IFA_LOCAL = 2;
  short RTM_NEWROUTE = 24;
  short RTM_DELROUTE = 25;
  int RTA_DST = 1;
  int RTA_OIF = 4;
  int RTA_TABLE = 15;

  /** Every link and address event in one netlink read; other messages are skipped. */
  static List<RtnlEvent> parse(byte[] buf, int len) {
    List<RtnlEvent> out = new ArrayList<>();
    ByteBuffer b = ByteBuffer.wrap(buf, 0, len).order(ByteOrder.nativeOrder());
    int pos = 0;
    while (pos + 16 <= len) {
      int mlen = b.getInt(pos);
      short type = b.getShort(pos + 4);
      if (mlen < 16 || pos + mlen > len) {
        break;
      }
      if ((type == RTM_NEWLINK || type == RTM_DELLINK) && mlen >= 32) {
        int index = b.getInt(pos + 20);
        int flags = b.getInt(pos + 24);
        String name = null;
        for (int[] a : attrs(b, pos + 32, pos + mlen)) {
          if (a[0] == IFLA_IFNAME && a[2] > 0) {
            name = new String(buf, a[1], a[2], StandardCharsets.US_ASCII).replace("\0", "");
          }
        }
        out.add(new Link(index, name, (flags & IFF_UP) != 0 && (flags & IFF_RUNNING) != 0, type == RTM_DELLINK));
      } else if ((type == RTM_NEWADDR || type == RTM_DELADDR) && mlen >= 24) {
        int family = buf[pos + 16] & 0xff;
        int prefix = buf[pos + 17] & 0xff;
        int index = b.getInt(pos + 20);
        if (family == 2) {
          byte[] local = null;
          byte[] address = null;
          for (int[] a : attrs(b, pos + 24, pos + mlen)) {
            if (a[2] == 4 && (a[0] == IFA_LOCAL || a[0] == IFA_ADDRESS)) {
              byte[] v = java.util.Arrays.copyOfRange(buf, a[1], a[1] + 4);
              if (a[0] == IFA_LOCAL) {
                local = v;
              } else {
                address = v;
              }
            }
          }
          byte[] ip = local != null ? local : address;
          if (ip != null) {
            try {
              out.add(new Address(index, InetAddress.getByAddress(ip), prefix, type == RTM_DELADDR));
            } catch (UnknownHostException e) {
              // 4 bytes always make an address
            }
          }
        }
      } else if ((type == RTM_NEWROUTE || type == RTM_DELROUTE) && mlen >= 28 && buf[pos + 16] == 2) {
        out.add(route(buf, b, pos, mlen, type == RTM_DELROUTE));
      } else if ((type == RTM_NEWRULE || type == RTM_DELRULE) && mlen >= 28) {
        out.add(new Rule(ruleMatch(buf, b, pos, mlen), type == RTM_DELRULE));
      }
      pos += (mlen + 3) & ~3;
    }
    return out;
  }

  /** struct rtmsg (family, dst_len, src_len, tos, table, protocol, scope, type, flags), then attributes. */
  private static Route route(byte[] buf, ByteBuffer b, int pos, int mlen, boolean deleted) {
    int prefix = buf[pos + 17] & 0xff;
    int table = buf[pos + 20] & 0xff;
    int oif = 0;
    byte[] dst = new byte[4];
    for (int[] a : attrs(b, pos + 28, pos + mlen)) {
      if (a[0] == RTA_DST && a[2] == 4) {
        dst = java.util.Arrays.copyOfRange(buf, a[1], a[1] + 4);
      } else if (a[0] == RTA_OIF && a[2] == 4) {
        oif = b.getInt(a[1]);
      } else if (a[0] == RTA_TABLE && a[2] == 4) {
        table = b.getInt(a[1]);
      }
    }
    try {
      return new Route(table, InetAddress.getByAddress(dst), prefix, oif, deleted);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e); // 4 bytes always make an address
    }
  }

  /**
   * struct fib_rule_hdr (family, dst_len, src_len, tos, table, res1, res2, action, flags), then
   * FRA_* attributes: the identifying ones as text, in a fixed order.
   */
  static String ruleMatch(byte[] buf, ByteBuffer b, int pos, int mlen) {
    int table = buf[pos + 20] & 0xff;
    java.util.TreeMap<Integer, String> a = new java.util.TreeMap<>();
    for (int[] at : attrs(b, pos + 28, pos + mlen)) {
      switch (at[0]) {
        case 1, 2 -> a.put(at[0], java.util.HexFormat.of().formatHex(buf, at[1], at[1] + at[2])); // FRA_DST, FRA_SRC
        case 3, 17 -> a.put(at[0], new String(buf, at[1], at[2], StandardCharsets.US_ASCII).replace("\0", "")); // IIF, OIF names
        case 4, 6, 10, 16 -> a.put(at[0], Integer.toUnsignedString(b.getInt(at[1]))); // GOTO, PRIORITY, FWMARK, FWMASK
        case 15 -> table = b.getInt(at[1]); // FRA_TABLE
        default -> { }
      }
    }
    return "family " + (buf[pos + 16] & 0xff) + " dst/" + (buf[pos + 17] & 0xff) + " src/" + (buf[pos + 18] & 0xff)
        + " tos " + (buf[pos + 19] & 0xff) + " action " + (buf[pos + 23] & 0xff) + " flags " + b.getInt(pos + 24)
        + " table " + table + " " + a;
  }

  /** The attributes between {@code from} and {@code to}: {type, payload offset, payload length}. */
  private static List<int[]> attrs(ByteBuffer b, int from, int to) {
    List<int[]> out = new ArrayList<>();
    int p = from;
    while (p + 4 <= to) {
      int alen = b.getShort(p) & 0xffff;
      int atype = b.getShort(p + 2) & 0x3fff;
      if (alen < 4 || p + alen > to) {
        break;
      }
      out.add(new int[] {atype, p + 4, alen - 4});
      p += (alen + 3) & ~3;
    }
    return out;
  }
}
