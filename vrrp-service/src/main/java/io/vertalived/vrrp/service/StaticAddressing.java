package io.vertalived.vrrp.service;

import io.vertalived.core.config.model.KeepalivedConfig;
import io.vertalived.core.config.model.RouteSpec;
import io.vertalived.core.config.model.VirtualAddress;
import io.vertalived.core.net.rtnl.AddressNetlink;
import io.vertalived.core.net.rtnl.RouteNetlink;
import io.vertalived.core.net.rtnl.RuleNetlink;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.logging.Logger;

/**
 * {@code static_ipaddress}, {@code static_routes} and {@code static_rules}: set up when the VRRP service starts and
 * removed when it stops, whatever the state of any instance (they never move between nodes).
 * Addresses, routes, rules on the way up; the reverse on the way down. Blocking
 * (netlink): run it on the netlink thread. A line the kernel refuses is logged; the rest go on.
 */
final class StaticAddressing {
  private static final Logger LOG = Logger.getLogger("io.vertalived.vrrp");
  private final KeepalivedConfig config;
  private final AddressNetlink addresses;
  private final RouteNetlink routes;
  private final RuleNetlink rules;

  StaticAddressing(KeepalivedConfig config, NetlinkChannels netlink) {
    this.config = config;
    this.addresses = netlink.addresses();
    this.routes = netlink.routes();
    this.rules = netlink.rules();
  }

  void setUp() {
    for (VirtualAddress a : config.staticIpAddresses()) {
      try {
        addresses.add(ifindex(a.device()), a, a.label());
      } catch (java.io.IOException e) {
        LOG.severe("cannot add static address " + a.cidr() + ": " + e.getMessage());
      }
    }
    routes(true);
    rules(true);
  }

  void tearDown() {
    rules(false);
    routes(false);
    for (VirtualAddress a : config.staticIpAddresses()) {
      try {
        addresses.delete(ifindex(a.device()), a);
      } catch (java.io.IOException e) {
        LOG.severe("cannot remove static address " + a.cidr() + ": " + e.getMessage());
      }
    }
  }

  private void routes(boolean add) {
    for (RouteSpec r : config.staticRoutes()) {
      try {
        boolean unicast = r.type() == null || r.type().equals("unicast");
        int oif = r.device() != null ? ifindex(r.device()) : 0;
        if (add) {
          routes.add(r, unicast || r.device() != null ? oif : 0);
        } else {
          routes.delete(r, oif);
        }
      } catch (java.io.IOException | IllegalArgumentException e) {
        LOG.severe("cannot " + (add ? "add" : "remove") + " static route " + String.join(" ", r.words())
            + ": " + e.getMessage());
      }
    }
  }

  private void rules(boolean add) {
    for (RouteSpec r : config.staticRules()) {
      try {
        if (add) {
          rules.add(r);
        } else {
          rules.delete(r);
        }
      } catch (java.io.IOException | IllegalArgumentException e) {
        LOG.severe("cannot " + (add ? "add" : "remove") + " static rule " + String.join(" ", r.words())
            + ": " + e.getMessage());
      }
    }
  }

  /** The interface's index; {@code default_interface} when the line names none. */
  private int ifindex(String device) throws SocketException {
    String name = device != null ? device : config.global().defaultInterface();
    NetworkInterface ni = NetworkInterface.getByName(name);
    if (ni == null) {
      throw new SocketException("interface " + name + " not found");
    }
    return ni.getIndex();
  }
}
