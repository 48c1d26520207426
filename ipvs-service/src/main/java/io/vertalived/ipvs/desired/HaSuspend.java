package io.vertalived.ipvs.desired;

import io.vertalived.core.config.model.KeepalivedConfig;
import io.vertalived.core.config.model.VirtualServer;
import io.vertalived.core.config.model.VirtualServerGroup;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * {@code ha_suspend} (keepalived.conf(5) Virtual server(s)): the checks of such a virtual server run only while its
 * address is on this director (pure). A group's virtual server counts as here when any address of its ranges is
 * (keepalived 2.2.7 never activates those: a defect we do not copy); firewall-mark ones have no address and
 * {@code -t} clears their ha_suspend, as keepalived does.
 */
public final class HaSuspend {
  private HaSuspend() {}

  /** Whether the checks of {@code virtualServer} should run, and why in words. */
  public record Verdict(String virtualServer, boolean active, String reason) {}

  public static boolean any(KeepalivedConfig config) {
    return config.virtualServers().stream().anyMatch(VirtualServer::haSuspend);
  }

  /** The verdict of every virtual server with ha_suspend, given the addresses on this host. */
  public static List<Verdict> of(KeepalivedConfig config, Set<InetAddress> local) {
    List<Verdict> out = new ArrayList<>();
    for (VirtualServer vs : config.virtualServers()) {
      if (!vs.haSuspend()) {
        continue;
      }
      if (vs.kind() == VirtualServer.Kind.ADDRESS) {
        boolean here = local.contains(vs.address().address());
        out.add(new Verdict(vs.label(), here, vs.address() + (here ? " is" : " is not") + " on this host"));
      } else if (vs.kind() == VirtualServer.Kind.GROUP) {
        VirtualServerGroup g = config.virtualServerGroups().get(vs.group());
        boolean here = g != null && local.stream().anyMatch(a -> inGroup(g, a));
        out.add(new Verdict(vs.label(), here, (here ? "an address" : "no address") + " of group " + vs.group()
            + " is on this host"));
      }
    }
    return out;
  }

  static boolean inGroup(VirtualServerGroup g, InetAddress a) {
    byte[] x = a.getAddress();
    for (VirtualServerGroup.Range r : g.ranges()) {
      byte[] first = r.first().address().getAddress();
      byte[] last = r.last().address().getAddress();
      if (first.length == x.length && Arrays.compareUnsigned(first, x) <= 0 && Arrays.compareUnsigned(x, last) <= 0) {
        return true;
      }
    }
    return false;
  }
}
