package io.vertalived.core.net.rtnl;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import io.vertalived.core.net.netlink.Netlink;
import io.vertalived.core.net.netlink.NetlinkAttributes;
import io.vertalived.core.net.netlink.NetlinkMessage;
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

  /** Every link, address, route and rule event in one netlink read; other messages are skipped. */
  static List<RtnlEvent> parse(byte[] buf, int len) {
    List<RtnlEvent> out = new ArrayList<>();
    for (NetlinkMessage m : NetlinkMessage.split(buf, len)) {
      RtnlEvent e = event(m);
      if (e != null) {
        out.add(e);
      }
    }
    return out;
  }

  private static RtnlEvent event(NetlinkMessage m) {
    short type = m.type();
    ByteBuffer p = m.payload();
    int size = m.bytes().length - Netlink.HEADER_LENGTH;
    if ((type == RTM_NEWLINK || type == RTM_DELLINK) && size >= 16) {
      // struct ifinfomsg: family, pad, type, index, flags, change
      int index = p.getInt(20);
      int flags = p.getInt(24);
      String name = m.attributes(16).string(IFLA_IFNAME);
      return new Link(index, name, (flags & IFF_UP) != 0 && (flags & IFF_RUNNING) != 0, type == RTM_DELLINK);
    }
    if ((type == RTM_NEWADDR || type == RTM_DELADDR) && size >= 8 && p.get(16) == 2) {
      // struct ifaddrmsg: family, prefixlen, flags, scope, index
      NetlinkAttributes a = m.attributes(8);
      byte[] ip = ipv4(a.bytes(IFA_LOCAL)) != null ? a.bytes(IFA_LOCAL) : ipv4(a.bytes(IFA_ADDRESS));
      return ip == null ? null : new Address(p.getInt(20), address(ip), p.get(17) & 0xff, type == RTM_DELADDR);
    }
    if ((type == RTM_NEWADDR || type == RTM_DELADDR) && size >= 8 && p.get(16) == 10) {
      // IPv6: the address is IFA_ADDRESS (IFA_LOCAL only for a point-to-point peer)
      NetlinkAttributes a = m.attributes(8);
      byte[] ip = ipv6(a.bytes(IFA_LOCAL)) != null ? a.bytes(IFA_LOCAL) : ipv6(a.bytes(IFA_ADDRESS));
      return ip == null ? null : new Address(p.getInt(20), address(ip), p.get(17) & 0xff, type == RTM_DELADDR);
    }
    if ((type == RTM_NEWROUTE || type == RTM_DELROUTE) && size >= 12 && p.get(16) == 2) {
      return route(m, type == RTM_DELROUTE);
    }
    if ((type == RTM_NEWRULE || type == RTM_DELRULE) && size >= 12) {
      return new Rule(ruleMatch(m), type == RTM_DELRULE);
    }
    return null;
  }

  /** struct rtmsg (family, dst_len, src_len, tos, table, protocol, scope, type, flags), then attributes. */
  private static Route route(NetlinkMessage m, boolean deleted) {
    ByteBuffer p = m.payload();
    NetlinkAttributes a = m.attributes(12);
    byte[] dst = ipv4(a.bytes(RTA_DST));
    return new Route(a.u32(RTA_TABLE, p.get(20) & 0xff), address(dst != null ? dst : new byte[4]), p.get(17) & 0xff,
        a.u32(RTA_OIF, 0), deleted);
  }

  /**
   * struct fib_rule_hdr (family, dst_len, src_len, tos, table, res1, res2, action, flags), then
   * FRA_* attributes: the identifying ones as text, in a fixed order.
   */
  static String ruleMatch(NetlinkMessage m) {
    ByteBuffer p = m.payload();
    NetlinkAttributes attrs = m.attributes(12);
    java.util.TreeMap<Integer, String> a = new java.util.TreeMap<>();
    for (int t : new int[] {1, 2}) { // FRA_DST, FRA_SRC
      byte[] v = attrs.bytes(t);
      if (v != null) {
        a.put(t, java.util.HexFormat.of().formatHex(v));
      }
    }
    for (int t : new int[] {3, 17}) { // FRA_IIFNAME, FRA_OIFNAME
      if (attrs.has(t)) {
        a.put(t, attrs.string(t));
      }
    }
    for (int t : new int[] {4, 6, 10, 16}) { // FRA_GOTO, FRA_PRIORITY, FRA_FWMARK, FRA_FWMASK
      if (attrs.has(t)) {
        a.put(t, Integer.toUnsignedString(attrs.u32(t, 0)));
      }
    }
    int table = attrs.u32(15, p.get(20) & 0xff); // FRA_TABLE
    return "family " + (p.get(16) & 0xff) + " dst/" + (p.get(17) & 0xff) + " src/" + (p.get(18) & 0xff)
        + " tos " + (p.get(19) & 0xff) + " action " + (p.get(23) & 0xff) + " flags " + p.getInt(24)
        + " table " + table + " " + a;
  }

  private static byte[] ipv4(byte[] v) {
    return v != null && v.length == 4 ? v : null;
  }

  private static byte[] ipv6(byte[] v) {
    return v != null && v.length == 16 ? v : null;
  }

  private static InetAddress address(byte[] ip) {
    try {
      return InetAddress.getByAddress(ip);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e); // 4 or 16 bytes always make an address
    }
  }
}
