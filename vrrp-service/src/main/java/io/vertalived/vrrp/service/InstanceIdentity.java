package io.vertalived.vrrp.service;

import io.vertalived.core.config.model.RouteSpec;
import io.vertalived.core.config.model.VirtualAddress;
import io.vertalived.core.config.model.VrrpInstance;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which running instance a reloaded definition is (pure), as keepalived's {@code vrrp_exist}
 * matches them: the same VRID, address family, interface and unicast or multicast; then, for
 * unicast, the same source address; for multicast the same group and {@code use_vmac}. The name
 * is not part of it: a renamed instance keeps its state. Beyond keepalived, which opens new
 * sockets at every reload, the socket's own settings (its source address and unicast TTL) are
 * part of it too, since ours stay open. And what changed between two definitions of one
 * instance, in words (keepalived's keywords).
 */
final class InstanceIdentity {
  private InstanceIdentity() {}

  /** Keywords for the model's names where they differ from keepalived's. */
  private static final Map<String, String> KEYWORDS = Map.ofEntries(
      Map.entry("initialState", "state"), Map.entry("interfaceName", "interface"),
      Map.entry("advertInterval", "advert_int"), Map.entry("virtualIpAddresses", "virtual_ipaddress"),
      Map.entry("excludedAddresses", "virtual_ipaddress_excluded"), Map.entry("sourceIp", "unicast_src_ip"),
      Map.entry("unicastPeers", "unicast_peer"), Map.entry("mcastDstIp", "mcast_dst_ip"),
      Map.entry("trackInterfaces", "track_interface"), Map.entry("trackScripts", "track_script"),
      Map.entry("trackFiles", "track_file"), Map.entry("trackProcesses", "track_process"),
      Map.entry("trackBfds", "track_bfd"), Map.entry("notifyScripts", "notify scripts"),
      Map.entry("authPass", "auth_pass"), Map.entry("authType", "auth_type"), Map.entry("garp", "garp settings"),
      Map.entry("vmacInterface", "use_vmac"), Map.entry("downTimerAdverts", "down_timer_adverts"),
      Map.entry("otherKeywords", "other keywords"));

  /** Whether {@code next} is the running instance {@code running}, reloaded. */
  static boolean same(VrrpInstance running, VrrpInstance next) {
    if (running.virtualRouterId() != next.virtualRouterId()
        || !running.interfaceName().equals(next.interfaceName())
        || running.unicast() != next.unicast()
        || ipv6(running) != ipv6(next)
        || running.unicastTtl() != next.unicastTtl()
        || !Objects.equals(running.sourceIp(), next.sourceIp())
        || !Objects.equals(running.vmacInterface(), next.vmacInterface())
        || running.otherKeywords().containsKey("vmac_xmit_base") != next.otherKeywords().containsKey("vmac_xmit_base")) {
      return false;
    }
    return running.unicast() || Objects.equals(running.mcastDstIp(), next.mcastDstIp());
  }

  private static boolean ipv6(VrrpInstance vi) {
    return InstanceNetwork.ipv6(vi);
  }

  /** The running instance {@code next} is, among {@code running} (not yet taken), or null: it is new. */
  static <T> T match(VrrpInstance next, Map<T, VrrpInstance> running) {
    for (Map.Entry<T, VrrpInstance> e : running.entrySet()) {
      if (same(e.getValue(), next)) {
        return e.getKey();
      }
    }
    return null;
  }

  /** What differs between two definitions of one instance, one line each; empty when they are equal. */
  static List<String> changes(VrrpInstance before, VrrpInstance after) {
    List<String> out = new ArrayList<>();
    if (before.equals(after)) {
      return out;
    }
    for (RecordComponent c : VrrpInstance.class.getRecordComponents()) {
      Object a = read(c, before);
      Object b = read(c, after);
      if (Objects.equals(a, b)) {
        continue;
      }
      String what = KEYWORDS.getOrDefault(c.getName(), snake(c.getName()));
      if (a instanceof List<?> la && b instanceof List<?> lb) {
        out.add(what + listDelta(la, lb));
      } else if (c.getName().equals("name")) {
        out.add("renamed " + a + " -> " + b);
      } else if (c.getName().equals("authPass") || c.getName().equals("notifyScripts") || c.getName().equals("garp")
          || c.getName().equals("otherKeywords")) {
        out.add(what + " changed");
      } else {
        out.add(what + " " + (a == null ? "(none)" : a) + " -> " + (b == null ? "(none)" : b));
      }
    }
    return out;
  }

  private static String listDelta(List<?> before, List<?> after) {
    Map<String, Boolean> seen = new LinkedHashMap<>();
    List<String> was = before.stream().map(InstanceIdentity::text).toList();
    List<String> now = after.stream().map(InstanceIdentity::text).toList();
    StringBuilder b = new StringBuilder();
    for (String x : now) {
      if (!was.contains(x) && seen.put("+" + x, true) == null) {
        b.append(" +").append(x);
      }
    }
    for (String x : was) {
      if (!now.contains(x) && seen.put("-" + x, true) == null) {
        b.append(" -").append(x);
      }
    }
    return b.length() == 0 ? " changed" : b.toString();
  }

  private static String text(Object o) {
    if (o instanceof VirtualAddress va) {
      return va.cidr() + (va.device() != null ? " dev " + va.device() : "");
    }
    if (o instanceof RouteSpec r) {
      return String.join(" ", r.words());
    }
    if (o instanceof io.vertalived.core.config.model.Tracker t) {
      return t.name() + (t.weight() != 0 ? " weight " + t.weight() : "") + (t.reverse() ? " reverse" : "");
    }
    if (o instanceof io.vertalived.core.config.model.UnicastPeer p) {
      return p.address().toString();
    }
    return String.valueOf(o);
  }

  private static Object read(RecordComponent c, VrrpInstance vi) {
    try {
      return c.getAccessor().invoke(vi);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String snake(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
  }
}
