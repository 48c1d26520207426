package io.vertalived.vrrp.service;

import io.vertalived.core.config.model.KeepalivedConfig;
import io.vertalived.core.config.model.RouteSpec;
import io.vertalived.core.config.model.VirtualAddress;
import io.vertalived.core.net.rtnl.AddressNetlink;
import io.vertalived.core.net.rtnl.RouteNetlink;
import io.vertalived.core.net.rtnl.RuleNetlink;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * {@code static_ipaddress}, {@code static_routes} and {@code static_rules}: added when the VRRP
 * service starts, whatever the instances' states, removed when it stops; a reload removes what
 * left the configuration and adds what came, as keepalived's clear_diff_static_*. Blocking
 * netlink: on the netlink thread only.
 */
final class StaticAddressing {
  private static final Logger LOG = Logger.getLogger("io.vertalived.vrrp");
  private KeepalivedConfig config;
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
    config.staticIpAddresses().forEach(a -> address(a, true));
    config.staticRoutes().forEach(r -> route(r, true));
    config.staticRules().forEach(r -> rule(r, true));
  }

  void tearDown() {
    config.staticRules().forEach(r -> rule(r, false));
    config.staticRoutes().forEach(r -> route(r, false));
    config.staticIpAddresses().forEach(a -> address(a, false));
  }

  /** A reload: what left the configuration goes, what came is added; answers the changes. */
  List<String> reconfigure(KeepalivedConfig next) {
    KeepalivedConfig before = config;
    List<String> changes = new ArrayList<>();
    // what goes is removed as it was added: the interfaces of the running configuration
    minus(before.staticRules(), next.staticRules()).forEach(r -> {
      rule(r, false);
      changes.add("static rule " + String.join(" ", r.words()) + " removed");
    });
    minus(before.staticRoutes(), next.staticRoutes()).forEach(r -> {
      route(r, false);
      changes.add("static route " + String.join(" ", r.words()) + " removed");
    });
    minus(before.staticIpAddresses(), next.staticIpAddresses()).forEach(a -> {
      address(a, false);
      changes.add("static address " + a.cidr() + " removed");
    });
    config = next;
    minus(next.staticIpAddresses(), before.staticIpAddresses()).forEach(a -> {
      address(a, true);
      changes.add("static address " + a.cidr() + " added");
    });
    minus(next.staticRoutes(), before.staticRoutes()).forEach(r -> {
      route(r, true);
      changes.add("static route " + String.join(" ", r.words()) + " added");
    });
    minus(next.staticRules(), before.staticRules()).forEach(r -> {
      rule(r, true);
      changes.add("static rule " + String.join(" ", r.words()) + " added");
    });
    return changes;
  }

  private static <T> List<T> minus(List<T> a, List<T> b) {
    List<T> out = new ArrayList<>(a);
    out.removeAll(b);
    return out;
  }

  private void address(VirtualAddress a, boolean add) {
    try {
      if (add) {
        addresses.add(ifindex(a.device()), a, a.label());
      } else {
        addresses.delete(ifindex(a.device()), a);
      }
    } catch (java.io.IOException e) {
      LOG.severe("cannot " + (add ? "add" : "remove") + " static address " + a.cidr() + ": " + e.getMessage());
    }
  }

  private void route(RouteSpec r, boolean add) {
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

  private void rule(RouteSpec r, boolean add) {
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
