package io.vertalived.vrrp.service;

import io.vertalived.core.config.model.VrrpInstance;
import io.vertalived.core.net.rtnl.RtnlEvent;
import java.net.InetAddress;

/**
 * What a MASTER holds on this host for one instance: its VIPs and eVIPs, virtual routes and
 * rules, and its addresses in the no-accept firewall. Changes are made in order on the node's
 * netlink thread, never on the VRRP thread's time (Linux: {@link NetlinkVirtualAddressing}).
 */
interface VirtualAddressing {
  /** Removes what a crashed predecessor left (blocking; at start, before the instance runs). */
  void removeLeftovers();

  /** Takeover: addresses, then routes, then rules, then the firewall; then the first gratuitous ARP burst. */
  void add();

  /** Release, in the reverse order. */
  void remove();

  /** A VIP of ours was removed behind our back while MASTER: put it back unless it is {@code no_track}. */
  void addressRemoved(int ifindex, InetAddress address);

  /** A virtual route was removed behind our back while MASTER: put it back unless {@code no_track}. */
  void routeRemoved(RtnlEvent.Route route);

  /** A virtual rule was removed behind our back while MASTER: put it back unless {@code no_track}. */
  void ruleRemoved(RtnlEvent.Rule rule);

  /**
   * A reload changed the instance. While it holds the addresses ({@code held}: MASTER), the
   * differences are applied: what left the configuration is removed, what came is added, and
   * if an address was added a gratuitous ARP burst for all follows, as keepalived does; routes
   * and rules kept are left alone. From now on the new configuration is the one held or not.
   */
  void reconfigure(VrrpInstance next, boolean held);
}
