package io.vertalived.ipvs.kernel;

import io.vertalived.core.config.model.IpAddress;
import io.vertalived.core.config.model.LvsSyncDaemon;
import io.vertalived.core.config.model.Tunnel;
import io.vertalived.core.net.netlink.GenericNetlink;
import io.vertalived.core.net.netlink.Netlink;
import io.vertalived.core.net.netlink.NetlinkAttributes;
import io.vertalived.core.net.netlink.NetlinkEncoding;
import io.vertalived.core.net.netlink.NetlinkMessage;
import io.vertalived.ipvs.table.ForwardMethod;
import io.vertalived.ipvs.table.LvsCounters;
import io.vertalived.ipvs.table.LvsDestination;
import io.vertalived.ipvs.table.LvsService;
import io.vertalived.ipvs.table.ServiceKey;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * IPVS's generic netlink messages (include/uapi/linux/ip_vs.h, family "IPVS", version 1), written and read (pure).
 * Ports and IPv4 persistence netmasks travel in network order inside their u16/u32 attributes; addresses as 16 bytes
 * (IPv4 in the first 4), as ipvsadm and keepalived send them.
 */
public final class IpvsMessages {
  public static final String FAMILY = "IPVS";
  public static final int VERSION = 1;

  public static final int CMD_NEW_SERVICE = 1;
  public static final int CMD_SET_SERVICE = 2;
  public static final int CMD_DEL_SERVICE = 3;
  public static final int CMD_GET_SERVICE = 4;
  public static final int CMD_NEW_DEST = 5;
  public static final int CMD_SET_DEST = 6;
  public static final int CMD_DEL_DEST = 7;
  public static final int CMD_GET_DEST = 8;
  public static final int CMD_NEW_DAEMON = 9;
  public static final int CMD_DEL_DAEMON = 10;
  public static final int CMD_GET_DAEMON = 11;
  public static final int CMD_SET_CONFIG = 12;
  public static final int CMD_GET_CONFIG = 13;
  public static final int CMD_GET_INFO = 15;
  public static final int CMD_FLUSH = 17;

  static final int ATTR_SERVICE = 1;
  static final int ATTR_DEST = 2;
  static final int ATTR_DAEMON = 3;
  static final int ATTR_TIMEOUT_TCP = 4;
  static final int ATTR_TIMEOUT_TCP_FIN = 5;
  static final int ATTR_TIMEOUT_UDP = 6;

  static final int SVC_AF = 1;
  static final int SVC_PROTOCOL = 2;
  static final int SVC_ADDR = 3;
  static final int SVC_PORT = 4;
  static final int SVC_FWMARK = 5;
  static final int SVC_SCHED_NAME = 6;
  static final int SVC_FLAGS = 7;
  static final int SVC_TIMEOUT = 8;
  static final int SVC_NETMASK = 9;
  static final int SVC_STATS = 10;
  static final int SVC_PE_NAME = 11;
  static final int SVC_STATS64 = 12;

  static final int DAEMON_STATE = 1;
  static final int DAEMON_MCAST_IFN = 2;
  static final int DAEMON_SYNC_ID = 3;
  static final int DAEMON_SYNC_MAXLEN = 4;
  static final int DAEMON_MCAST_GROUP = 5;
  static final int DAEMON_MCAST_GROUP6 = 6;
  static final int DAEMON_MCAST_PORT = 7;
  static final int DAEMON_MCAST_TTL = 8;

  static final int DEST_ADDR = 1;
  static final int DEST_PORT = 2;
  static final int DEST_FWD_METHOD = 3;
  static final int DEST_WEIGHT = 4;
  static final int DEST_U_THRESH = 5;
  static final int DEST_L_THRESH = 6;
  static final int DEST_ACTIVE_CONNS = 7;
  static final int DEST_INACT_CONNS = 8;
  static final int DEST_STATS = 10;
  static final int DEST_ADDR_FAMILY = 11;
  static final int DEST_STATS64 = 12;
  static final int DEST_TUN_TYPE = 13;
  static final int DEST_TUN_PORT = 14;
  static final int DEST_TUN_FLAGS = 15;

  static final int STATS_CONNS = 1;
  static final int STATS_INPKTS = 2;
  static final int STATS_OUTPKTS = 3;
  static final int STATS_INBYTES = 4;
  static final int STATS_OUTBYTES = 5;

  static final int INFO_VERSION = 1;
  static final int INFO_CONN_TAB_SIZE = 2;

  private IpvsMessages() {}

  /** A request with NLM_F_ACK. */
  static ByteBuffer request(int familyId, int seq, int cmd) {
    return GenericNetlink.message(familyId, (short) (Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK), seq, cmd, VERSION,
        512);
  }

  /** A dump request. */
  static ByteBuffer dump(int familyId, int seq, int cmd) {
    return GenericNetlink.message(familyId, (short) (Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP), seq, cmd, VERSION,
        512);
  }

  /** NEW_SERVICE / SET_SERVICE: the key and every setting the kernel requires. */
  public static byte[] service(int familyId, int seq, int cmd, LvsService s) {
    ByteBuffer b = request(familyId, seq, cmd);
    int at = NetlinkEncoding.nest(b, ATTR_SERVICE);
    key(b, s.key());
    NetlinkEncoding.attrString(b, SVC_SCHED_NAME, s.scheduler());
    NetlinkEncoding.attr(b, SVC_FLAGS, NetlinkEncoding.allocate(8).putInt(s.flags()).putInt(-1).array());
    NetlinkEncoding.attrU32(b, SVC_TIMEOUT, s.timeout());
    if (s.key().family() == ServiceKey.AF_INET6) {
      NetlinkEncoding.attrU32(b, SVC_NETMASK, s.netmask());
    } else {
      NetlinkEncoding.attrU32Be(b, SVC_NETMASK, s.netmask());
    }
    if (s.persistenceEngine() != null) {
      NetlinkEncoding.attrString(b, SVC_PE_NAME, s.persistenceEngine());
    }
    NetlinkEncoding.endNest(b, at);
    return NetlinkEncoding.finish(b);
  }

  /** SET_CONFIG of the connection timeouts given ({@code tcp}, {@code tcpfin}, {@code udp}, seconds). */
  public static byte[] timeouts(int familyId, int seq, java.util.Map<String, Integer> seconds) {
    ByteBuffer b = request(familyId, seq, CMD_SET_CONFIG);
    if (seconds.containsKey("tcp")) {
      NetlinkEncoding.attrU32(b, ATTR_TIMEOUT_TCP, seconds.get("tcp"));
    }
    if (seconds.containsKey("tcpfin")) {
      NetlinkEncoding.attrU32(b, ATTR_TIMEOUT_TCP_FIN, seconds.get("tcpfin"));
    }
    if (seconds.containsKey("udp")) {
      NetlinkEncoding.attrU32(b, ATTR_TIMEOUT_UDP, seconds.get("udp"));
    }
    return NetlinkEncoding.finish(b);
  }

  /** GET_CONFIG's reply: the timeouts as {@code tcp}, {@code tcpfin}, {@code udp}. */
  public static java.util.Map<String, Integer> readTimeouts(NetlinkMessage m) {
    NetlinkAttributes a = m.attributes(GenericNetlink.GENL_HEADER_LENGTH);
    return java.util.Map.of("tcp", a.u32(ATTR_TIMEOUT_TCP, 0), "tcpfin", a.u32(ATTR_TIMEOUT_TCP_FIN, 0),
        "udp", a.u32(ATTR_TIMEOUT_UDP, 0));
  }

  /**
   * NEW_DAEMON: the sync daemon of {@code state} (master or backup) on its interface with its sync id; the optional
   * settings only when set, as keepalived sends them (the kernel's defaults apply to the others).
   */
  public static byte[] startDaemon(int familyId, int seq, int state, LvsSyncDaemon d) {
    ByteBuffer b = request(familyId, seq, CMD_NEW_DAEMON);
    int at = NetlinkEncoding.nest(b, ATTR_DAEMON);
    NetlinkEncoding.attrU32(b, DAEMON_STATE, state);
    NetlinkEncoding.attrString(b, DAEMON_MCAST_IFN, d.interfaceName());
    NetlinkEncoding.attrU32(b, DAEMON_SYNC_ID, d.syncId() == null ? 0 : d.syncId());
    if (d.maxLen() != 0) {
      NetlinkEncoding.attrU16(b, DAEMON_SYNC_MAXLEN, d.maxLen());
    }
    if (d.port() != 0) {
      // host order: the kernel reads it with nla_get_u16 (ipvsadm --mcast-port and keepalived send it so)
      NetlinkEncoding.attrU16(b, DAEMON_MCAST_PORT, d.port());
    }
    if (d.ttl() != 0) {
      NetlinkEncoding.attrU8(b, DAEMON_MCAST_TTL, d.ttl());
    }
    if (d.group() != null) {
      NetlinkEncoding.attr(b, d.group().isIpv6() ? DAEMON_MCAST_GROUP6 : DAEMON_MCAST_GROUP,
          d.group().address().getAddress());
    }
    NetlinkEncoding.endNest(b, at);
    return NetlinkEncoding.finish(b);
  }

  /** DEL_DAEMON of {@code state}. */
  public static byte[] stopDaemon(int familyId, int seq, int state, int syncId) {
    ByteBuffer b = request(familyId, seq, CMD_DEL_DAEMON);
    int at = NetlinkEncoding.nest(b, ATTR_DAEMON);
    NetlinkEncoding.attrU32(b, DAEMON_STATE, state);
    NetlinkEncoding.attrU32(b, DAEMON_SYNC_ID, syncId);
    NetlinkEncoding.endNest(b, at);
    return NetlinkEncoding.finish(b);
  }

  /** A daemon of a GET_DAEMON dump. */
  public static SyncDaemonStatus readDaemon(NetlinkMessage m) {
    NetlinkAttributes a = m.attributes(GenericNetlink.GENL_HEADER_LENGTH).nested(ATTR_DAEMON);
    byte[] g4 = a.bytes(DAEMON_MCAST_GROUP);
    byte[] g6 = a.bytes(DAEMON_MCAST_GROUP6);
    IpAddress group = g6 != null ? address(g6, ServiceKey.AF_INET6)
        : g4 != null ? address(Arrays.copyOf(g4, 16), ServiceKey.AF_INET) : null;
    byte[] ttl = a.bytes(DAEMON_MCAST_TTL);
    return new SyncDaemonStatus(a.u32(DAEMON_STATE, 0), a.string(DAEMON_MCAST_IFN), a.u32(DAEMON_SYNC_ID, 0),
        a.u16(DAEMON_SYNC_MAXLEN, 0), a.u16(DAEMON_MCAST_PORT, 0), ttl == null || ttl.length == 0 ? 0 : ttl[0] & 0xff,
        group);
  }

  /** DEL_SERVICE, or GET_DEST's dump of one service's destinations. */
  public static byte[] serviceKeyOnly(ByteBuffer b, ServiceKey k) {
    int at = NetlinkEncoding.nest(b, ATTR_SERVICE);
    key(b, k);
    NetlinkEncoding.endNest(b, at);
    return NetlinkEncoding.finish(b);
  }

  /** NEW_DEST / SET_DEST / DEL_DEST (the last needs only the address and port, more is allowed). */
  public static byte[] destination(int familyId, int seq, int cmd, ServiceKey k, LvsDestination d) {
    ByteBuffer b = request(familyId, seq, cmd);
    int at = NetlinkEncoding.nest(b, ATTR_SERVICE);
    key(b, k);
    NetlinkEncoding.endNest(b, at);
    at = NetlinkEncoding.nest(b, ATTR_DEST);
    NetlinkEncoding.attr(b, DEST_ADDR, address16(d.address()));
    NetlinkEncoding.attrU16Be(b, DEST_PORT, d.port());
    if (cmd != CMD_DEL_DEST) {
      NetlinkEncoding.attrU32(b, DEST_FWD_METHOD, d.method().kernelValue());
      NetlinkEncoding.attrU32(b, DEST_WEIGHT, d.weight());
      NetlinkEncoding.attrU32(b, DEST_U_THRESH, d.upperThreshold());
      NetlinkEncoding.attrU32(b, DEST_L_THRESH, d.lowerThreshold());
      int fam = d.address().isIpv6() ? ServiceKey.AF_INET6 : ServiceKey.AF_INET;
      if (fam != k.family()) {
        NetlinkEncoding.attrU16(b, DEST_ADDR_FAMILY, fam);
      }
      if (d.tunnel() != null) {
        // as keepalived sends them: the type, GUE's port (network order), the checksum flags but for ipip
        NetlinkEncoding.attrU8(b, DEST_TUN_TYPE, d.tunnel().kernelType());
        if (d.tunnel().port() != 0) {
          NetlinkEncoding.attrU16Be(b, DEST_TUN_PORT, d.tunnel().port());
        }
        if (d.tunnel().kernelType() != 0) {
          NetlinkEncoding.attrU16(b, DEST_TUN_FLAGS, d.tunnel().kernelFlags());
        }
      }
    }
    NetlinkEncoding.endNest(b, at);
    return NetlinkEncoding.finish(b);
  }

  private static void key(ByteBuffer b, ServiceKey k) {
    NetlinkEncoding.attrU16(b, SVC_AF, k.family());
    if (k.isFwmark()) {
      NetlinkEncoding.attrU32(b, SVC_FWMARK, k.fwmark());
    } else {
      NetlinkEncoding.attrU16(b, SVC_PROTOCOL, k.protocol());
      NetlinkEncoding.attr(b, SVC_ADDR, address16(k.address()));
      NetlinkEncoding.attrU16Be(b, SVC_PORT, k.port());
    }
  }

  static byte[] address16(IpAddress a) {
    return Arrays.copyOf(a.address().getAddress(), 16);
  }

  /** A service of a GET_SERVICE dump (a NEW_SERVICE message). */
  public static LvsService readService(NetlinkMessage m) {
    return readService(m.attributes(GenericNetlink.GENL_HEADER_LENGTH).nested(ATTR_SERVICE));
  }

  static LvsService readService(NetlinkAttributes a) {
    int family = a.u16(SVC_AF, ServiceKey.AF_INET);
    int fwmark = a.u32(SVC_FWMARK, 0);
    ServiceKey key = fwmark != 0 ? new ServiceKey(family, 0, null, 0, fwmark)
        : new ServiceKey(family, a.u16(SVC_PROTOCOL, 0), address(a.bytes(SVC_ADDR), family), a.u16Be(SVC_PORT, 0), 0);
    byte[] flags = a.bytes(SVC_FLAGS);
    int f = flags != null && flags.length >= 4 ? NetlinkEncoding.allocate(8).put(flags, 0, 4).getInt(0) : 0;
    int netmask = family == ServiceKey.AF_INET6 ? a.u32(SVC_NETMASK, 128) : a.u32Be(SVC_NETMASK, -1);
    return new LvsService(key, a.string(SVC_SCHED_NAME), f & ~LvsService.F_HASHED, a.u32(SVC_TIMEOUT, 0), netmask,
        a.string(SVC_PE_NAME));
  }

  public static LvsCounters readServiceCounters(NetlinkMessage m) {
    return counters(m.attributes(GenericNetlink.GENL_HEADER_LENGTH).nested(ATTR_SERVICE), SVC_STATS64, SVC_STATS, 0, 0);
  }

  /** A destination of a GET_DEST dump (a NEW_DEST message) of a service of {@code family}. */
  public static LvsDestination readDestination(NetlinkMessage m, int family) {
    NetlinkAttributes a = m.attributes(GenericNetlink.GENL_HEADER_LENGTH).nested(ATTR_DEST);
    int fam = a.u16(DEST_ADDR_FAMILY, family);
    byte[] tunType = a.bytes(DEST_TUN_TYPE);
    Tunnel tunnel = Tunnel.ofKernel(tunType == null || tunType.length == 0 ? 0 : tunType[0] & 0xff,
        a.u16Be(DEST_TUN_PORT, 0), a.u16(DEST_TUN_FLAGS, 0));
    return new LvsDestination(address(a.bytes(DEST_ADDR), fam), a.u16Be(DEST_PORT, 0),
        ForwardMethod.ofKernel(a.u32(DEST_FWD_METHOD, 0)), a.u32(DEST_WEIGHT, 0), a.u32(DEST_U_THRESH, 0),
        a.u32(DEST_L_THRESH, 0), tunnel);
  }

  public static LvsCounters readDestinationCounters(NetlinkMessage m) {
    NetlinkAttributes a = m.attributes(GenericNetlink.GENL_HEADER_LENGTH).nested(ATTR_DEST);
    return counters(a, DEST_STATS64, DEST_STATS, a.u32(DEST_ACTIVE_CONNS, 0) & 0xffffffffL,
        a.u32(DEST_INACT_CONNS, 0) & 0xffffffffL);
  }

  private static LvsCounters counters(NetlinkAttributes a, int stats64, int stats32, long active, long inactive) {
    NetlinkAttributes s = a.nested(stats64);
    if (s.has(STATS_CONNS)) {
      return new LvsCounters(s.u64(STATS_CONNS, 0), s.u64(STATS_INPKTS, 0), s.u64(STATS_OUTPKTS, 0),
          s.u64(STATS_INBYTES, 0), s.u64(STATS_OUTBYTES, 0), active, inactive);
    }
    s = a.nested(stats32);
    return new LvsCounters(s.u32(STATS_CONNS, 0) & 0xffffffffL, s.u32(STATS_INPKTS, 0) & 0xffffffffL,
        s.u32(STATS_OUTPKTS, 0) & 0xffffffffL, s.u64(STATS_INBYTES, 0), s.u64(STATS_OUTBYTES, 0), active, inactive);
  }

  /** GET_INFO's reply: the version as ipvsadm prints it ({@code 1.2.1}) and the connection table size. */
  public static String readInfo(NetlinkMessage m) {
    NetlinkAttributes a = m.attributes(GenericNetlink.GENL_HEADER_LENGTH);
    int v = a.u32(INFO_VERSION, 0);
    return ((v >> 16) & 0xff) + "." + ((v >> 8) & 0xff) + "." + (v & 0xff) + " (size=" + a.u32(INFO_CONN_TAB_SIZE, 0)
        + ")";
  }

  static IpAddress address(byte[] raw, int family) {
    if (raw == null) {
      raw = new byte[16];
    }
    byte[] b = Arrays.copyOf(raw, family == ServiceKey.AF_INET6 ? 16 : 4);
    try {
      return new IpAddress(InetAddress.getByAddress(b));
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("bad address in an IPVS message", e);
    }
  }
}
