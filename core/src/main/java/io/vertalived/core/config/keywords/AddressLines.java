package io.vertalived.core.config.keywords;

import io.vertalived.core.config.model.IpAddress;
import io.vertalived.core.config.model.RouteSpec;
import io.vertalived.core.config.model.VirtualAddress;
import io.vertalived.core.config.parse.Args;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Parses the VIP line syntax (keepalived.conf(5) VRRP instance(s)) and {@code ip route}/{@code ip rule} lines, with
 * keepalived's messages for what it cannot use.
 */
final class AddressLines {
  private static final Set<String> SCOPES = Set.of("site", "link", "host", "nowhere", "global");

  private AddressLines() {}

  /** keepalived's find_rttables_scope(): a number as strtoul() base 0 reads it whole, up to 255. */
  static boolean numericScope(String v) {
    try {
      long n = Long.decode(v);
      return !v.startsWith("-") && !v.startsWith("#") && n >= 0 && n <= 255;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** One VIP/eVIP/static address line; empty when the address itself is unusable. */
  static Optional<VirtualAddress> address(Args a, Predicate<String> knownInterface) {
    String first = a.get(0);
    String ipText = first;
    int prefix = -1;
    int slash = first.indexOf('/');
    if (slash >= 0) {
      ipText = first.substring(0, slash);
    }
    Optional<IpAddress> ip = IpAddress.parse(ipText);
    if (ip.isEmpty()) {
      a.error("VRRP parsed invalid IP " + first + ". skipping IP...");
      return Optional.empty();
    }
    if (slash >= 0) {
      String p = first.substring(slash + 1);
      if (!p.matches("\\d{1,9}")) {
        a.error("VRRP parsed invalid IP " + first + ". skipping IP...");
        return Optional.empty();
      }
      prefix = Integer.parseInt(p);
      int max = ip.get().maxPrefix();
      if (prefix > max) {
        // keepalived 2.2.7 keeps the address as a host address
        a.error("number '" + p + "' outside range [0, " + max + "]");
        a.error("Invalid address prefix len " + p + " for address " + first + " - using " + max);
        prefix = max;
      }
    }
    if (prefix < 0) {
      prefix = ip.get().maxPrefix();
    }
    String brd = null;
    String dev = null;
    String scope = null;
    String label = null;
    IpAddress peer = null;
    boolean home = false;
    boolean noDad = false;
    boolean mngtmp = false;
    boolean noPrefixRoute = false;
    boolean autoJoin = false;
    boolean noTrack = false;
    boolean useVmac = false;
    String preferred = null;
    String cidr = first;
    int i = 1;
    while (i < a.size()) {
      String w = a.get(i);
      boolean hasArg = i + 1 < a.size();
      switch (w) {
        case "brd", "broadcast" -> {
          if (!hasArg) {
            a.error("No broadcast address specified for " + cidr);
          } else {
            String v = a.get(++i);
            if (v.equals("+") || v.equals("-") || IpAddress.parse(v).isPresent()) {
              brd = v;
            } else {
              a.error("Invalid broadcast address " + v + " for " + cidr);
            }
          }
        }
        case "dev" -> {
          if (hasArg) {
            dev = a.get(++i);
            if (!knownInterface.test(dev)) { // keepalived's alloc_ipaddress(): the address is dropped
              a.error("WARNING - interface " + dev + " for ip address " + first + " doesn't exist");
              return Optional.empty();
            }
          } else {
            a.error("Missing interface name for " + cidr);
          }
        }
        case "scope" -> {
          if (!hasArg) {
            a.error("No scope specified for " + cidr);
          } else {
            String v = a.get(++i);
            if (SCOPES.contains(v) || numericScope(v)) {
              scope = v;
            } else {
              a.error("Invalid scope '" + v + "' specified for " + cidr + " - ignoring");
            }
          }
        }
        case "label" -> {
          if (hasArg) {
            label = a.get(++i);
          } else {
            a.error("Missing label for " + cidr);
          }
        }
        case "peer" -> {
          if (hasArg) {
            String v = a.get(++i);
            peer = IpAddress.parse(v).orElse(null);
            if (peer == null) {
              a.error("Invalid peer address " + v + " for " + cidr);
            }
          } else {
            a.error("Missing peer address for " + cidr);
          }
        }
        case "preferred_lft" -> {
          if (hasArg) {
            preferred = a.get(++i);
          } else {
            a.error("Missing preferred_lft for " + cidr);
          }
        }
        case "home" -> home = true;
        case "-nodad" -> noDad = true;
        case "mngtmpaddr" -> mngtmp = true;
        case "noprefixroute" -> noPrefixRoute = true;
        case "autojoin" -> autoJoin = true;
        case "no_track" -> noTrack = true;
        case "use_vmac" -> useVmac = true;
        default -> a.error("Unknown configuration entry '" + w + "' for ip address - ignoring");
      }
      i++;
    }
    if (ip.get().isIpv6() && (scope != null || label != null)) {
      a.warn("Cannot set scope or label on IPv6 address " + cidr + " - ignoring");
      scope = null;
      label = null;
    }
    return Optional.of(new VirtualAddress(ip.get(), prefix, brd, dev, scope, label, peer, home,
        noDad, mngtmp, noPrefixRoute, autoJoin, noTrack, preferred, useVmac));
  }

  private static final Set<String> ROUTE_TYPES =
      Set.of("unicast", "blackhole", "unreachable", "prohibit", "throw", "local", "broadcast",
          "anycast", "multicast", "nat");
  private static final Set<String> ROUTE_FLAGS =
      Set.of("onlink", "no_track", "inet6", "inet", "pervasive");

  /** One {@code ip route} line (keepalived.conf(5) VRRP instance(s) virtual_routes); the options are kept in order. */
  static Optional<RouteSpec> route(Args a, Predicate<String> knownInterface) {
    List<String> w = a.words();
    String dest = null;
    String src = null;
    String via = null;
    String dev = null;
    String table = null;
    String metric = null;
    String scope = null;
    String type = null;
    boolean noTrack = false;
    for (int i = 0; i < w.size(); i++) {
      String k = w.get(i);
      String v = i + 1 < w.size() ? w.get(i + 1) : null;
      switch (k) {
        case "src" -> src = v;
        case "to" -> dest = v;
        case "via", "gw" -> via = v;
        case "or" -> { }
        case "dev", "oif" -> {
          if (v != null && !knownInterface.test(v)) { // keepalived's alloc_route(): the route is dropped
            a.error("WARNING - interface " + v + " for VROUTE nexthop doesn't exist");
            return Optional.empty();
          }
          dev = v;
        }
        case "table" -> table = v;
        case "metric", "preference", "priority" -> metric = v;
        case "scope" -> scope = v;
        case "no_track" -> noTrack = true;
        default -> {
          if (ROUTE_TYPES.contains(k)) {
            type = k;
            continue;
          }
          if (ROUTE_FLAGS.contains(k)) {
            continue;
          }
          if (dest == null && (k.equals("default") || IpAddress.parse(k.split("/")[0]).isPresent())) {
            dest = k;
            continue;
          }
          if (v == null) {
            a.error("Unknown route option " + k);
          }
        }
      }
      if (v != null && !ROUTE_FLAGS.contains(k) && !k.equals("or") && !ROUTE_TYPES.contains(k)) {
        i++;
      }
    }
    if (dest == null) {
      a.error("Virtual route destination missing: '" + String.join(" ", w) + "'");
      return Optional.empty();
    }
    if (dev == null && !noTrack) {
      a.warn("Warning - cannot track route " + dest + " with no interface specified, not tracking");
      noTrack = true;
    }
    return Optional.of(new RouteSpec(dest, src, via, dev, table, metric, scope, type, noTrack, w));
  }

  /** One {@code ip rule} line; the selector words are kept in order. */
  static Optional<RouteSpec> rule(Args a, Predicate<String> knownInterface) {
    List<String> w = a.words();
    String from = null;
    String to = null;
    String table = null;
    String dev = null;
    String prio = null;
    boolean noTrack = false;
    for (int i = 0; i < w.size(); i++) {
      // a selector without its value ends the reading, as keepalived's (strvec_slot())
      boolean takesValue = List.of("from", "to", "table", "lookup", "iif", "dev", "oif", "preference",
          "priority", "prio").contains(w.get(i));
      String v = takesValue ? a.get(i + 1) : i + 1 < w.size() ? w.get(i + 1) : null;
      switch (w.get(i)) {
        case "from" -> from = v;
        case "to" -> to = v;
        case "table", "lookup" -> table = v;
        case "iif", "dev", "oif" -> {
          if (!knownInterface.test(v)) { // keepalived's alloc_rule(): the rule is dropped
            a.error("WARNING - interface " + v + " for rule doesn't exist");
            return Optional.empty();
          }
          dev = v;
        }
        case "preference", "priority", "prio" -> prio = v;
        case "no_track" -> noTrack = true;
        default -> { }
      }
    }
    if (prio == null) {
      a.warn("Rule has no preference specified - setting to 16384. This is probably not what you want.");
      prio = "16384";
    }
    return Optional.of(new RouteSpec(to != null ? to : "all", from, null, dev, table, prio, null,
        "rule", noTrack, w));
  }
}
