package io.vertalived.vrrp.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.config.model.RouteSpec;
import io.vertalived.core.net.rtnl.RtnlEvent;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which removed route is one of our virtual routes: same table, destination and prefix. */
class VirtualRouteMatchTest {
  private static RouteSpec spec(String dest, String table) {
    return new RouteSpec(dest, null, null, "eth0", table, null, null, null, false, List.of());
  }

  private static RtnlEvent.Route removed(int table, String dest, int prefix) throws Exception {
    return new RtnlEvent.Route(table, InetAddress.getByName(dest), prefix, 2, true);
  }

  @Test
  void tableDestinationAndPrefixMustAllMatch() throws Exception {
    assertTrue(NetlinkVirtualAddressing.sameRoute(spec("198.19.5.0/24", null), removed(254, "198.19.5.0", 24)));
    assertFalse(NetlinkVirtualAddressing.sameRoute(spec("198.19.5.0/24", null), removed(254, "198.19.5.0", 25)));
    assertFalse(NetlinkVirtualAddressing.sameRoute(spec("198.19.5.0/24", null), removed(100, "198.19.5.0", 24)));
    assertTrue(NetlinkVirtualAddressing.sameRoute(spec("198.19.5.0/24", "100"), removed(100, "198.19.5.0", 24)));
    assertTrue(NetlinkVirtualAddressing.sameRoute(spec("198.19.7.1", "main"), removed(254, "198.19.7.1", 32)));
    assertTrue(NetlinkVirtualAddressing.sameRoute(spec("default", null), removed(254, "0.0.0.0", 0)));
    assertFalse(NetlinkVirtualAddressing.sameRoute(spec("198.19.5.0/24", "no-such-table"), removed(254, "198.19.5.0", 24)));
  }
}
