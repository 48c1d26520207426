package io.vertalived.vrrp.dump;

import io.vertalived.core.config.model.RouteSpec;
import io.vertalived.core.config.model.VirtualAddress;
import io.vertalived.core.net.rtnl.RouteTables;

/** Addresses and routes as keepalived's dumps print them (pure). */
final class DumpFormat {
  private DumpFormat() {}

  /** {@code 198.18.90.101/24 dev veth-a scope global label veth-a:vip1 set}; the prefix only when not a host's. */
  static String vip(VirtualAddress a, String defaultDevice, boolean set) {
    StringBuilder b = new StringBuilder(a.address().toString());
    int host = a.address().isIpv6() ? 128 : 32;
    if (a.prefixLength() != host) {
      b.append('/').append(a.prefixLength());
    }
    if (a.broadcast() != null) {
      b.append(" brd ").append(a.broadcast());
    }
    b.append(" dev ").append(a.device() != null ? a.device() : defaultDevice);
    if (a.useVmac()) {
      b.append(" use_vmac");
    }
    b.append(" scope ").append(a.scope() != null ? a.scope() : "global");
    if (a.label() != null) {
      b.append(" label ").append(a.label());
    }
    if (a.peer() != null) {
      b.append(" peer ").append(a.peer());
    }
    if (a.home()) {
      b.append(" home");
    }
    if (a.noDad()) {
      b.append(" -nodad");
    }
    if (a.manageTempAddress()) {
      b.append(" mngtmpaddr");
    }
    if (a.noPrefixRoute()) {
      b.append(" noprefixroute");
    }
    if (a.autoJoin()) {
      b.append(" autojoin");
    }
    if (a.noTrack()) {
      b.append(" no_track");
    }
    if (set) {
      b.append(" set");
    }
    return b.toString();
  }

  /** {@code prepend 198.18.91.0/24 via inet 198.18.90.2 dev veth-a proto 18}. */
  static String route(RouteSpec r) {
    StringBuilder b = new StringBuilder("prepend");
    if (r.type() != null && !r.type().equals("unicast")) {
      b.append(' ').append(r.type());
    }
    b.append(' ').append(r.destination());
    if (r.source() != null) {
      b.append(" src ").append(r.source());
    }
    if (r.via() != null) {
      b.append(" via inet").append(r.via().contains(":") ? "6 " : " ").append(r.via());
    }
    if (r.device() != null) {
      b.append(" dev ").append(r.device());
    }
    if (r.table() != null) {
      Integer t = RouteTables.lookup(r.table());
      if (t == null || t != 254) {
        b.append(" table ").append(t != null ? t : r.table());
      }
    }
    b.append(" proto 18");
    if (r.scope() != null) {
      b.append(" scope ").append(r.scope());
    }
    if (r.metric() != null) {
      b.append(" metric ").append(r.metric());
    }
    if (r.noTrack()) {
      b.append(" no_track");
    }
    return b.toString();
  }

  /** A policy rule line as written in the configuration. */
  static String rule(RouteSpec r) {
    return String.join(" ", r.words());
  }
}
