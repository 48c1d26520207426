package io.vertalived.ipvs.desired;

import io.vertalived.core.config.model.IpAddress;
import io.vertalived.core.config.model.KeepalivedConfig;
import io.vertalived.core.config.model.RealServer;
import io.vertalived.core.config.model.VirtualServer;
import io.vertalived.ipvs.table.ForwardMethod;
import io.vertalived.ipvs.table.LvsDestination;
import io.vertalived.ipvs.table.LvsService;
import io.vertalived.ipvs.table.LvsTable;
import io.vertalived.ipvs.table.LvsVirtualService;
import io.vertalived.ipvs.table.ServiceKey;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The table the kernel should hold (pure): every {@code virtual_server} of the configuration with the real servers
 * its health and quorum allow, as keepalived's check process programs it (keepalived.conf(5) Virtual server(s)):
 * <ul>
 *   <li>an alive real server is in with its weight (0 when drained); a dead one is out, or in with weight 0 under
 *       {@code inhibit_on_failure};</li>
 *   <li>when quorum is lost and a {@code sorry_server} is set, the real servers leave (weight 0 under
 *       {@code inhibit_on_failure}) and the sorry server comes in; with {@code sorry_server_inhibit} the sorry server
 *       stays in with weight 0 while quorum holds. Without a sorry server, losing quorum changes nothing in the
 *       table;</li>
 *   <li>a virtual server without real servers is ignored, as keepalived does.</li>
 * </ul>
 */
public final class DesiredTable {
  private DesiredTable() {}

  /** @param quorumUp whether each virtual server (by label) has quorum now */
  public static LvsTable of(KeepalivedConfig config, HealthBoard health, Predicate<String> quorumUp) {
    Map<ServiceKey, LvsVirtualService> out = new TreeMap<>();
    for (VirtualServer vs : config.virtualServers()) {
      out.putAll(of(vs, config, health, quorumUp.test(vs.label())));
    }
    return new LvsTable(out);
  }

  /** The kernel services of one virtual server; none when it has no real servers. */
  public static Map<ServiceKey, LvsVirtualService> of(VirtualServer vs, KeepalivedConfig config, HealthBoard health,
                                                      boolean quorumUp) {
    Map<ServiceKey, LvsVirtualService> out = new TreeMap<>();
    if (vs.realServers().isEmpty()) {
      return out;
    }
    Map<String, LvsDestination> dests = destinations(vs, health, quorumUp);
    for (ServiceKey key : ServiceKeys.of(vs, config)) {
      out.put(key, new LvsVirtualService(service(vs, key), dests));
    }
    return out;
  }

  static Map<String, LvsDestination> destinations(VirtualServer vs, HealthBoard health, boolean quorumUp) {
    Map<String, LvsDestination> dests = new TreeMap<>();
    LvsDestination sorry = SorryServer.of(vs);
    boolean sorryInUse = sorry != null && !quorumUp;
    for (RealServer rs : vs.realServers()) {
      boolean alive = health.alive(vs, rs);
      int weight = alive && !sorryInUse ? health.weight(vs, rs) : 0;
      if ((alive && !sorryInUse) || rs.inhibitOnFailure()) {
        LvsDestination d = new LvsDestination(rs.address(), rs.port(), ForwardMethod.ofConfig(rs.lvsMethod()),
            weight, rs.upperThreshold(), rs.lowerThreshold(), rs.tunnel());
        dests.put(d.endpoint(), d);
      }
    }
    if (sorryInUse) {
      dests.put(sorry.endpoint(), sorry);
    } else if (sorry != null && vs.sorryServerInhibit() && !dests.containsKey(sorry.endpoint())) {
      dests.put(sorry.endpoint(), sorry.withWeight(0));
    }
    return dests;
  }

  /** The kernel's settings of a virtual service: scheduler, flags, persistence (include/uapi/linux/ip_vs.h). */
  static LvsService service(VirtualServer vs, ServiceKey key) {
    int flags = 0;
    for (String f : vs.schedulerFlags()) {
      flags |= switch (f) {
        case "ops" -> LvsService.F_ONEPACKET;
        case "flag-1", "sh-fallback", "mh-fallback" -> LvsService.F_SCHED1;
        case "flag-2", "sh-port", "mh-port" -> LvsService.F_SCHED2;
        case "flag-3" -> LvsService.F_SCHED3;
        default -> 0;
      };
    }
    int timeout = 0;
    if (vs.persistenceTimeout() != null) {
      flags |= LvsService.F_PERSISTENT;
      timeout = vs.persistenceTimeout();
    }
    boolean ipv6 = key.family() == ServiceKey.AF_INET6;
    int netmask = ipv6 ? 128 : 0xffffffff;
    if (vs.persistenceGranularity() != null) {
      netmask = ipv6 ? ipv6Prefix(vs.persistenceGranularity()) : ipv4Mask(vs.persistenceGranularity());
    }
    return new LvsService(key, vs.lbAlgo(), flags, timeout, netmask,
        vs.persistenceEngine());
  }

  /** An IPv6 persistence granularity: a prefix length 1..128. */
  static int ipv6Prefix(String text) {
    if (!text.matches("\\d{1,3}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > 128) {
      throw new IllegalArgumentException("persistence_granularity " + text + " is not an IPv6 prefix length (1-128)");
    }
    return Integer.parseInt(text);
  }

  /** {@code 255.255.255.0} or a prefix length {@code 24} as the mask's number. */
  static int ipv4Mask(String text) {
    if (text.matches("\\d{1,2}") && Integer.parseInt(text) <= 32) {
      int bits = Integer.parseInt(text);
      return bits == 0 ? 0 : -1 << (32 - bits);
    }
    IpAddress a = IpAddress.parse(text).orElseThrow(() -> new IllegalArgumentException(
        "persistence_granularity " + text + " is not a netmask"));
    return java.nio.ByteBuffer.wrap(a.address().getAddress()).getInt();
  }
}
