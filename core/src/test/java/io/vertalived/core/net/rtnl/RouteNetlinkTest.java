package io.vertalived.core.net.rtnl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertalived.core.config.model.RouteSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rtnetlink route messages, byte by byte, as {@code ip route} would send them. */
class RouteNetlinkTest {
  private static final short ADD = (short) 0x605;

  private static RouteSpec route(String dst, String via, String dev, String table, String metric, String type) {
    return new RouteSpec(dst, null, via, dev, table, metric, null, type, false, List.of());
  }

  /** rtmsg fields and attributes of an encoded message. */
  private record Decoded(ByteBuffer b, Map<Integer, byte[]> attrs) {
    int family() { return b.get(16) & 0xff; }
    int dstLen() { return b.get(17) & 0xff; }
    int table() { return b.get(20) & 0xff; }
    int protocol() { return b.get(21) & 0xff; }
    int scope() { return b.get(22) & 0xff; }
    int type() { return b.get(23) & 0xff; }
    int intAttr(int t) { return ByteBuffer.wrap(attrs.get(t)).order(ByteOrder.nativeOrder()).getInt(); }
  }

  private static Decoded decode(byte[] msg) {
    return new Decoded(ByteBuffer.wrap(msg).order(ByteOrder.nativeOrder()), RtnlAttributes.of(msg));
  }

  @Test
  void gatewayRouteInTheMainTable() {
    Decoded d = decode(RouteNetlink.encode(RouteNetlink.RTM_NEWROUTE, ADD, 7,
        route("198.19.5.0/24", "198.18.0.1", "eth0", null, "50", null), 3));
    assertEquals(2, d.family());
    assertEquals(24, d.dstLen());
    assertEquals(254, d.table());
    assertEquals(RouteNetlink.RTPROT_KEEPALIVED, d.protocol());
    assertEquals(0, d.scope(), "universe: it has a gateway");
    assertEquals(1, d.type(), "unicast");
    assertArrayEquals(new byte[] {(byte) 198, 19, 5, 0}, d.attrs().get(RouteNetlink.RTA_DST));
    assertArrayEquals(new byte[] {(byte) 198, 18, 0, 1}, d.attrs().get(RouteNetlink.RTA_GATEWAY));
    assertEquals(3, d.intAttr(RouteNetlink.RTA_OIF));
    assertEquals(50, d.intAttr(RouteNetlink.RTA_PRIORITY));
    assertEquals(7, d.b().getInt(8), "sequence");
  }

  @Test
  void deviceRouteIsLinkScopeAndDefaultHasNoDestination() {
    Decoded d = decode(RouteNetlink.encode(RouteNetlink.RTM_NEWROUTE, ADD, 1, route("198.19.6.0/24", null, "eth0", null, null, null), 3));
    assertEquals(253, d.scope());
    Decoded def = decode(RouteNetlink.encode(RouteNetlink.RTM_NEWROUTE, ADD, 1, route("default", "198.18.0.1", null, null, null, null), 0));
    assertEquals(0, def.dstLen());
    assertFalse(def.attrs().containsKey(RouteNetlink.RTA_DST));
    assertFalse(def.attrs().containsKey(RouteNetlink.RTA_OIF));
  }

  @Test
  void typesTablesAndDelete() {
    Decoded bh = decode(RouteNetlink.encode(RouteNetlink.RTM_NEWROUTE, ADD, 1, route("198.19.7.0/24", null, null, "1000", null, "blackhole"), 0));
    assertEquals(6, bh.type());
    assertEquals(252, bh.table(), "tables above 255 go in RTA_TABLE");
    assertEquals(1000, bh.intAttr(RouteNetlink.RTA_TABLE));
    Decoded del = decode(RouteNetlink.encode(RouteNetlink.RTM_DELROUTE, (short) 5, 1, route("198.19.5.0/24", "198.18.0.1", null, "local", null, null), 0));
    assertEquals(255, del.scope(), "delete matches any scope");
    assertEquals(255, del.table());
    assertEquals(0, del.protocol());
    Decoded v6 = decode(RouteNetlink.encode(RouteNetlink.RTM_NEWROUTE, ADD, 1, route("2001:db8::/32", "fe80::1", "eth0", null, null, null), 3));
    assertEquals(10, v6.family());
    assertEquals(32, v6.dstLen());
  }

  @Test
  void whatCannotBeEncodedIsNamed() {
    assertEquals("route table 'cust' is not a number nor a name in iproute2's rt_tables", assertThrows(IllegalArgumentException.class,
        () -> RouteNetlink.encode(RouteNetlink.RTM_NEWROUTE, ADD, 1, route("198.19.5.0/24", null, null, "cust", null, null), 0)).getMessage());
    assertEquals("route gateway 'gw1' is not an address", assertThrows(IllegalArgumentException.class,
        () -> RouteNetlink.encode(RouteNetlink.RTM_NEWROUTE, ADD, 1, route("198.19.5.0/24", "gw1", null, null, null, null), 0)).getMessage());
  }
}
