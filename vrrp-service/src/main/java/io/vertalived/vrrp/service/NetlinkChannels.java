package io.vertalived.vrrp.service;

import io.vertalived.core.net.NativeIoException;

import io.vertalived.core.net.rtnl.AddressNetlink;
import io.vertalived.core.net.rtnl.RouteNetlink;
import io.vertalived.core.net.rtnl.RuleNetlink;

/** The node's rtnetlink request sockets (addresses, routes, rules); used from the netlink thread only. */
record NetlinkChannels(AddressNetlink addresses, RouteNetlink routes, RuleNetlink rules) implements AutoCloseable {

  static NetlinkChannels open() throws NativeIoException {
    return new NetlinkChannels(new AddressNetlink(), new RouteNetlink(), new RuleNetlink());
  }

  @Override
  public void close() {
    addresses.close();
    routes.close();
    rules.close();
  }
}
