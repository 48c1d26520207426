package io.vertalived.core.net.rtnl;

import io.vertalived.core.net.netlink.Netlink;
import io.vertalived.core.net.netlink.NetlinkEncoding;
import io.vertalived.core.net.netlink.NetlinkSocket;
import io.vertalived.core.net.LibC;
import io.vertalived.core.net.NativeIoException;

import io.vertalived.core.config.model.IpAddress;
import io.vertalived.core.config.model.RouteSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Adds and removes {@code virtual_rules}/{@code static_rules} (policy routing rules, {@code ip
 * rule} syntax) through rtnetlink: RTM_NEWRULE / RTM_DELRULE with a {@code fib_rule_hdr}
 * (linux/fib_rules.h), protocol "keepalived" as keepalived marks them. The message is built by
 * the pure {@link #encode}; the socket is blocking: use it from a worker thread.
 */
public final class RuleNetlink implements AutoCloseable {
  static final short RTM_NEWRULE = 32;
  static final short RTM_DELRULE = 33;
  static final int FRA_DST = 1;
  static final int FRA_SRC = 2;
  static final int FRA_IIFNAME = 3;
  static final int FRA_GOTO = 4;
  static final int FRA_PRIORITY = 6;
  static final int FRA_FWMARK = 10;
  static final int FRA_SUPPRESS_PREFIXLEN = 14;
  static final int FRA_TABLE = 15;
  static final int FRA_FWMASK = 16;
  static final int FRA_OIFNAME = 17;
  static final int FRA_PROTOCOL = 21;
  static final int FR_ACT_TO_TBL = 1;
  static final int FR_ACT_GOTO = 2;
  static final int FR_ACT_NOP = 3;
  static final int FR_ACT_BLACKHOLE = 6;
  static final int FR_ACT_UNREACHABLE = 7;
  static final int FR_ACT_PROHIBIT = 8;
  static final int FIB_RULE_INVERT = 2;
  private static final int ENOENT = 2;

  private final NetlinkSocket socket;

  public RuleNetlink() throws NativeIoException {
    socket = new NetlinkSocket(Netlink.NETLINK_ROUTE);
  }

  /** Adds the rule; one already present counts as done. */
  public void add(RouteSpec rule) throws NativeIoException {
    int seq = socket.nextSequence();
    socket.acknowledge("RTM_NEWRULE", encode(RTM_NEWRULE, (short) (Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK
        | Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL), seq, rule), seq, AddressNetlink.EEXIST);
  }

  /** Removes the rule; one already absent counts as done. */
  public void delete(RouteSpec rule) throws NativeIoException {
    int seq = socket.nextSequence();
    socket.acknowledge("RTM_DELRULE", encode(RTM_DELRULE, (short) (Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK),
        seq, rule), seq, ENOENT);
  }

  /**
   * The RTM_NEWRULE / RTM_DELRULE message for one rule line, as {@code ip rule} builds it:
   * {@code [not] [from P] [to P] [tos N] [fwmark M[/MASK]] [iif|dev IF] [oif IF]
   * [priority|preference|prio N] [table|lookup T] [suppress_prefixlength N] [goto N] [nop]
   * [blackhole|unreachable|prohibit]}; without an action, {@code table main}.
   *
   * @throws IllegalArgumentException for a word or value it cannot encode, naming it
   */
  static byte[] encode(short type, short flags, int seq, RouteSpec rule) {
    List<String> w = rule.words();
    Attributes a = new Attributes();
    for (int i = 0; i < w.size(); i++) {
      String word = w.get(i);
      switch (word) {
        case "not" -> a.flags |= FIB_RULE_INVERT;
        case "from", "to" -> a.prefix(word, value(w, i++));
        case "tos", "dsfield" -> a.tos = (int) number(word, value(w, i++), 255);
        case "fwmark" -> {
          String[] m = value(w, i++).split("/", 2);
          a.fwmark = (int) number(word, m[0], 0xffffffffL);
          a.fwmask = m.length > 1 ? (int) number(word, m[1], 0xffffffffL) : -1;
          a.hasFwmark = true;
        }
        case "iif", "dev" -> a.iif = value(w, i++);
        case "oif" -> a.oif = value(w, i++);
        case "priority", "preference", "prio", "pref", "order" ->
            a.priority = (int) number(word, value(w, i++), 0xffffffffL);
        case "table", "lookup" -> {
          String t = value(w, i++);
          Integer id = RouteTables.lookup(t);
          if (id == null) {
            throw new IllegalArgumentException("rule table '" + t + "' is not a number nor a name in iproute2's rt_tables");
          }
          a.table = id;
          a.action = FR_ACT_TO_TBL;
        }
        case "suppress_prefixlength" -> a.suppressPrefixLength = (int) number(word, value(w, i++), 128);
        case "goto" -> {
          a.gotoTarget = (int) number(word, value(w, i++), 0xffffffffL);
          a.action = FR_ACT_GOTO;
        }
        case "nop" -> a.action = FR_ACT_NOP;
        case "blackhole" -> a.action = FR_ACT_BLACKHOLE;
        case "unreachable" -> a.action = FR_ACT_UNREACHABLE;
        case "prohibit" -> a.action = FR_ACT_PROHIBIT;
        case "no_track" -> { }
        default -> throw new IllegalArgumentException("rule option '" + word + "' is not supported by vertalived");
      }
    }
    if (a.priority == null && rule.metric() != null) {
      // the parser's default for a rule with no preference, as keepalived's (16384, with a warning)
      a.priority = (int) number("preference", rule.metric(), 0xffffffffL);
    }
    if (a.action == 0) {
      a.action = FR_ACT_TO_TBL;
      a.table = 254;
    }
    return a.message(type, flags, seq);
  }

  /**
   * What identifies {@code rule} in the kernel's notifications ({@link RtnlEvent.Rule#match()}),
   * or null when it cannot be encoded.
   */
  public static String match(RouteSpec rule) {
    try {
      byte[] m = encode(RTM_NEWRULE, (short) 0, 0, rule);
      return RtnlEvent.ruleMatch(io.vertalived.core.net.netlink.NetlinkMessage.split(m, m.length).get(0));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String value(List<String> w, int i) {
    if (i + 1 >= w.size()) {
      throw new IllegalArgumentException("rule option '" + w.get(i) + "' needs a value");
    }
    return w.get(i + 1);
  }

  private static long number(String option, String value, long max) {
    try {
      long v = value.startsWith("0x") ? Long.parseLong(value.substring(2), 16) : Long.parseLong(value);
      if (v < 0 || v > max) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("rule " + option + " '" + value + "' is not a number in 0.." + max);
    }
  }

  /** What one rule line says, collected before the message is built. */
  private static final class Attributes {
    int family;
    byte[] src;
    int srcLen;
    byte[] dst;
    int dstLen;
    int tos;
    int flags;
    boolean hasFwmark;
    int fwmark;
    int fwmask;
    String iif;
    String oif;
    Integer priority;
    int table;
    int action;
    int gotoTarget;
    Integer suppressPrefixLength;

    void prefix(String which, String value) {
      if (value.equals("all")) {
        return;
      }
      String[] p = value.split("/", 2);
      IpAddress ip = IpAddress.parse(p[0])
          .orElseThrow(() -> new IllegalArgumentException("rule " + which + " '" + value + "' is not an address or prefix"));
      int fam = ip.isIpv6() ? 10 : LibC.AF_INET;
      if (family != 0 && family != fam) {
        throw new IllegalArgumentException("rule mixes IPv4 and IPv6 addresses");
      }
      family = fam;
      int max = ip.isIpv6() ? 128 : 32;
      int len = p.length > 1 ? (int) number(which, p[1], max) : max;
      if (which.equals("from")) {
        src = ip.address().getAddress();
        srcLen = len;
      } else {
        dst = ip.address().getAddress();
        dstLen = len;
      }
    }

    byte[] message(short type, short nlFlags, int seq) {
      ByteBuffer b = NetlinkEncoding.header(NetlinkEncoding.allocate(512), type, nlFlags, seq);
      b.put((byte) (family == 0 ? LibC.AF_INET : family)).put((byte) dstLen).put((byte) srcLen).put((byte) tos)
          .put((byte) (table < 256 ? table : 252)).put((byte) 0).put((byte) 0).put((byte) action).putInt(flags);
      if (dst != null) {
        NetlinkEncoding.attr(b, FRA_DST, dst);
      }
      if (src != null) {
        NetlinkEncoding.attr(b, FRA_SRC, src);
      }
      if (iif != null) {
        NetlinkEncoding.attr(b, FRA_IIFNAME, (iif + "\0").getBytes(StandardCharsets.US_ASCII));
      }
      if (oif != null) {
        NetlinkEncoding.attr(b, FRA_OIFNAME, (oif + "\0").getBytes(StandardCharsets.US_ASCII));
      }
      if (priority != null) {
        NetlinkEncoding.attrU32(b, FRA_PRIORITY, priority);
      }
      if (hasFwmark) {
        NetlinkEncoding.attrU32(b, FRA_FWMARK, fwmark);
        NetlinkEncoding.attrU32(b, FRA_FWMASK, fwmask);
      }
      if (action == FR_ACT_GOTO) {
        NetlinkEncoding.attrU32(b, FRA_GOTO, gotoTarget);
      }
      if (suppressPrefixLength != null) {
        NetlinkEncoding.attrU32(b, FRA_SUPPRESS_PREFIXLEN, suppressPrefixLength);
      }
      if (table > 0) {
        NetlinkEncoding.attrU32(b, FRA_TABLE, table);
      }
      if (type == RTM_NEWRULE) {
        NetlinkEncoding.attr(b, FRA_PROTOCOL, new byte[] {(byte) RouteNetlink.RTPROT_KEEPALIVED});
      }
      return NetlinkEncoding.finish(b);
    }
  }

  @Override
  public void close() {
    socket.close();
  }
}
