package io.vertalived.ipvs.cli;

import io.vertalived.core.config.model.KeepalivedConfig;
import io.vertalived.core.config.model.RealServer;
import io.vertalived.core.config.model.VirtualServer;
import io.vertalived.ipvs.desired.ServiceKeys;
import io.vertalived.ipvs.kernel.KernelTable;
import io.vertalived.ipvs.table.LvsCounters;
import io.vertalived.ipvs.table.LvsDestination;
import io.vertalived.ipvs.table.LvsVirtualService;
import io.vertalived.ipvs.table.ServiceKey;
import java.util.HashMap;
import java.util.Map;

/**
 * The kernel's table as {@code ipvsadm -Ln --stats --exact} lays it out, each service followed by the configuration's
 * name for it and each destination by its forwarding method, weight and what that means for health; real servers of
 * the configuration missing from the table are listed as out (pure).
 */
public final class StatusText {
  private StatusText() {}

  public static String of(String version, KernelTable kernel, KeepalivedConfig config) {
    Map<ServiceKey, VirtualServer> named = new HashMap<>();
    if (config != null) {
      for (VirtualServer vs : config.virtualServers()) {
        try {
          for (ServiceKey k : ServiceKeys.of(vs, config)) {
            named.put(k, vs);
          }
        } catch (IllegalArgumentException e) {
          // a group range too large to expand is reported by the service; the table is still shown
        }
      }
    }
    StringBuilder b = new StringBuilder();
    b.append("IP Virtual Server version ").append(version).append('\n');
    b.append(String.format("%-33s %8s %8s %8s %8s %8s  %s%n", "Prot LocalAddress:Port", "Conns", "InPkts", "OutPkts",
        "InBytes", "OutBytes", "vertalived"));
    b.append(String.format("  -> %-28s %-7s %6s %s%n", "RemoteAddress:Port", "Forward", "Weight", "health"));
    for (LvsVirtualService s : kernel.table().sorted()) {
      ServiceKey k = s.service().key();
      VirtualServer vs = named.get(k);
      b.append(line(k.toString(), kernel.counters(k),
          (vs == null ? "not ours" : vs.label()) + " " + s.service().scheduler()
              + (s.service().timeout() > 0 ? " persistent " + s.service().timeout() : "")));
      for (LvsDestination d : s.destinations().values()) {
        b.append(line("  -> " + d.endpoint(), kernel.counters(k, d.endpoint()), ""));
        b.append(String.format("     %-28s %-7s %6d %s%n", "", d.method().ipvsadmName()
            + (d.tunnel() != null && d.tunnel().kernelType() != 0 ? " " + d.tunnel() : ""), d.weight(),
            vs == null ? "" : d.weight() > 0 ? "in service" : "weight 0 (inhibited, drained or sorry server standby)"));
      }
      if (vs != null) {
        for (RealServer rs : vs.realServers()) {
          if (!s.destinations().containsKey(rs.endpoint())) {
            b.append(String.format("  -> %-28s %-7s %6s %s%n", rs.endpoint(), "-", "-", "out of the table (down)"));
          }
        }
      }
    }
    return b.toString();
  }

  private static String line(String what, LvsCounters c, String note) {
    return String.format("%-33s %8d %8d %8d %8d %8d  %s%n", what, c.connections(), c.inPackets(), c.outPackets(),
        c.inBytes(), c.outBytes(), note).replaceAll("\\s+\n", "\n");
  }
}
