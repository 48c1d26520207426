package io.vertalived.vrrp.service;

import io.vertalived.core.net.rtnl.RtnlEvent;
import java.net.InetAddress;

/** What the host tells the instances about its links, addresses, routes and rules (on the VRRP thread). */
interface HostEvents {
  void link(String name, boolean usable);

  void addressRemoved(int ifindex, InetAddress address);

  void addressAdded(int ifindex, InetAddress address);

  void routeRemoved(RtnlEvent.Route route);

  void ruleRemoved(RtnlEvent.Rule rule);
}
