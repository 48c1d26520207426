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
import java.util.Map;

/**
 * Adds and removes {@code virtual_routes} through rtnetlink (RTM_NEWROUTE / RTM_DELROUTE with
 * ACK, protocol "keepalived" as keepalived marks them), never by forking {@code ip}. The message
 * is built by the pure {@link #encode}; the socket is blocking: use it from a worker thread.
 */
public final class RouteNetlink implements AutoCloseable {
  static final short RTM_NEWROUTE = 24;
  static final short RTM_DELROUTE = 25;
  static final int RTA_DST = 1;
  static final int RTA_OIF = 4;
  static final int RTA_GATEWAY = 5;
  static final int RTA_PRIORITY = 6;
  static final int RTA_PREFSRC = 7;
  static final int RTA_TABLE = 15;
  /** RTPROT_KEEPALIVED from linux/rtnetlink.h. */
  static final int RTPROT_KEEPALIVED = 18;
  private static final int ESRCH = 3;
  private static final Map<String, Integer> TYPES = Map.of("unicast", 1, "local", 2, "broadcast", 3,
      "anycast", 4, "multicast", 5, "blackhole", 6, "unreachable", 7, "prohibit", 8, "throw", 9, "nat", 10);

  private final NetlinkSocket socket;

  public RouteNetlink() throws NativeIoException {
    socket = new NetlinkSocket(Netlink.NETLINK_ROUTE);
  }

  /** Adds the route; one already present counts as done. {@code oif} 0: no output interface. */
  public void add(RouteSpec r, int oif) throws NativeIoException {
    int seq = socket.nextSequence();
    socket.acknowledge("RTM_NEWROUTE " + r.destination(), encode(RTM_NEWROUTE, (short) (Netlink.NLM_F_REQUEST
        | Netlink.NLM_F_ACK | Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL), seq, r, oif), seq, AddressNetlink.EEXIST);
  }

  /** Removes the route; one already absent counts as done. */
  public void delete(RouteSpec r, int oif) throws NativeIoException {
    int seq = socket.nextSequence();
    socket.acknowledge("RTM_DELROUTE " + r.destination(), encode(RTM_DELROUTE, (short) (Netlink.NLM_F_REQUEST
        | Netlink.NLM_F_ACK), seq, r, oif), seq, ESRCH);
  }

  /**
   * The RTM_NEWROUTE / RTM_DELROUTE message for one route line, as {@code ip route} builds it:
   * scope host for local and nat, link for broadcast, multicast, anycast and for a unicast route
   * with no gateway, universe otherwise; nowhere (any) on delete.
   *
   * @throws IllegalArgumentException for a destination, gateway, table, type or metric it cannot encode
   */
  static byte[] encode(short type, short flags, int seq, RouteSpec r, int oif) {
    boolean isDefault = r.destination().equals("default");
    String[] dst = r.destination().split("/");
    IpAddress dstIp = isDefault ? null : IpAddress.parse(dst[0])
        .orElseThrow(() -> new IllegalArgumentException("route destination '" + r.destination() + "' is not an address"));
    IpAddress via = r.via() == null ? null : IpAddress.parse(r.via())
        .orElseThrow(() -> new IllegalArgumentException("route gateway '" + r.via() + "' is not an address"));
    boolean v6 = dstIp != null ? dstIp.isIpv6() : via != null && via.isIpv6();
    int dstLen = isDefault ? 0 : dst.length > 1 ? Integer.parseInt(dst[1]) : (v6 ? 128 : 32);
    int routeType = r.type() == null ? 1 : TYPES.getOrDefault(r.type(), -1);
    if (routeType < 0) {
      throw new IllegalArgumentException("route type '" + r.type() + "' is not supported");
    }
    int table = table(r.table());
    int scope;
    if (type == RTM_DELROUTE) {
      scope = 255;
    } else if (r.scope() != null) {
      scope = AddressNetlink.scope(r.scope());
    } else if (routeType == 2 || routeType == 10) {
      scope = 254;
    } else if (routeType == 3 || routeType == 4 || routeType == 5 || routeType == 1 && via == null) {
      scope = 253;
    } else {
      scope = 0;
    }
    ByteBuffer b = NetlinkEncoding.header(NetlinkEncoding.allocate(256), type, flags, seq);
    b.put((byte) (v6 ? 10 : LibC.AF_INET)).put((byte) dstLen).put((byte) 0).put((byte) 0)
        .put((byte) (table < 256 ? table : 252)).put((byte) (type == RTM_DELROUTE ? 0 : RTPROT_KEEPALIVED))
        .put((byte) scope).put((byte) routeType).putInt(0);
    if (dstIp != null) {
      NetlinkEncoding.attr(b, RTA_DST, dstIp.address().getAddress());
    }
    if (via != null) {
      NetlinkEncoding.attr(b, RTA_GATEWAY, via.address().getAddress());
    }
    if (oif > 0) {
      NetlinkEncoding.attrU32(b, RTA_OIF, oif);
    }
    if (r.source() != null) {
      NetlinkEncoding.attr(b, RTA_PREFSRC, IpAddress.parse(r.source())
          .orElseThrow(() -> new IllegalArgumentException("route src '" + r.source() + "' is not an address"))
          .address().getAddress());
    }
    if (r.metric() != null) {
      NetlinkEncoding.attrU32(b, RTA_PRIORITY, (int) Long.parseLong(r.metric()));
    }
    NetlinkEncoding.attrU32(b, RTA_TABLE, table);
    return NetlinkEncoding.finish(b);
  }

  private static int table(String t) {
    if (t == null) {
      return 254;
    }
    Integer table = RouteTables.lookup(t);
    if (table == null) {
      throw new IllegalArgumentException("route table '" + t + "' is not a number nor a name in iproute2's rt_tables");
    }
    return table;
  }

  @Override
  public void close() {
    socket.close();
  }
}
