package io.vertalived.ipvs.kernel;

import io.vertalived.core.config.model.IpAddress;
import io.vertalived.core.config.model.LvsSyncDaemon;
import io.vertalived.core.config.model.Tunnel;
import io.vertalived.ipvs.reconcile.LvsOperation;
import io.vertalived.ipvs.reconcile.TableDiff;
import io.vertalived.ipvs.table.ForwardMethod;
import io.vertalived.ipvs.table.LvsDestination;
import io.vertalived.ipvs.table.LvsService;
import io.vertalived.ipvs.table.LvsTable;
import io.vertalived.ipvs.table.LvsVirtualService;
import io.vertalived.ipvs.table.ServiceKey;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs inside a VM with a real IPVS kernel (scripts/ipvs-vm.sh, started by {@link IpvsKernelIT}): drives our IPVS
 * backend through a sequence of tables and records, after each step, what our dump reads and what {@code ipvsadm -Sn}
 * prints, for the test on the host to compare. It asserts nothing itself: it only observes.
 */
public final class KernelScenario {
  /** The schedulers of Debian 12's kernel (6.1; {@code twos} came in 6.10). */
  static final List<String> SCHEDULERS = List.of("rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq",
      "fo", "ovf", "mh");
  static final ServiceKey WEB = ServiceKey.ofAddress("TCP", ip("198.18.0.1"), 80);
  static final ServiceKey DNS = ServiceKey.ofAddress("UDP", ip("198.18.0.1"), 53);
  static final ServiceKey TUNNELS = ServiceKey.ofFwmark(8, false);
  static final ServiceKey MARK = ServiceKey.ofFwmark(7, false);
  static final ServiceKey V6 = ServiceKey.ofAddress("TCP", ip("2001:db8::1"), 443);

  private KernelScenario() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    JsonObject result = new JsonObject();
    JsonArray steps = new JsonArray();
    result.put("steps", steps);
    try (IpvsBackend kernel = IpvsBackend.open()) {
      result.put("version", kernel.version());
      Set<ServiceKey> owned = new TreeSet<>();
      LvsTable first = first();
      steps.add(step(kernel, "create", first, owned).put("thresholds", run("ipvsadm", "-Ln", "--thresholds")));
      steps.add(step(kernel, "update", second(), owned));
      run("ipvsadm", "-A", "-t", "198.18.0.50:80", "-s", "rr");
      steps.add(step(kernel, "foreign service added by hand", second(), owned));
      run("ipvsadm", "-C");
      steps.add(step(kernel, "after ipvsadm -C", second(), owned));
      JsonObject tolerant = new JsonObject();
      try {
        kernel.apply(new LvsOperation.AddService(second().services().get(WEB).service()));
        kernel.apply(new LvsOperation.DeleteDestination(WEB, dest("198.18.0.77", 80, ForwardMethod.NAT, 1)));
        kernel.apply(new LvsOperation.EditDestination(WEB, dest("198.18.0.78", 8080, ForwardMethod.NAT, 2),
            dest("198.18.0.78", 8080, ForwardMethod.NAT, 1)));
        tolerant.put("error", null);
      } catch (IOException e) {
        tolerant.put("error", e.getMessage());
      }
      tolerant.put("dump", Canonical.of(kernel.read().table()));
      result.put("tolerant", tolerant);
      try {
        kernel.apply(new LvsOperation.AddService(new LvsService(ServiceKey.ofAddress("TCP", ip("198.18.0.60"), 80),
            "nosuch", 0, 0, -1, null)));
        result.put("unknownScheduler", "accepted");
      } catch (IOException e) {
        result.put("unknownScheduler", e.getMessage());
      }
      steps.add(step(kernel, "remove ours", LvsTable.EMPTY, owned));
      kernel.timeouts(Map.of("tcp", 900, "tcpfin", 120, "udp", 300));
      result.put("timeouts", new JsonObject(new java.util.TreeMap<>(kernel.timeouts())))
          .put("ipvsadmTimeouts", run("ipvsadm", "-L", "--timeout"));
      result.put("syncDaemon", syncDaemons(kernel));
    } catch (Exception e) {
      result.put("fatal", e.toString());
    }
    Files.writeString(out.resolve("scenario.json"), result.encodePrettily());
  }

  /** Applies the plan from the kernel's table to {@code desired}; records the plan, our dump and ipvsadm's. */
  private static JsonObject step(IpvsBackend kernel, String name, LvsTable desired, Set<ServiceKey> owned)
      throws Exception {
    owned.addAll(desired.services().keySet());
    LvsTable before = kernel.read().table();
    List<LvsOperation> plan = TableDiff.plan(desired, before, owned);
    JsonArray errors = new JsonArray();
    for (LvsOperation op : plan) {
      try {
        kernel.apply(op);
      } catch (IOException e) {
        errors.add(op + ": " + e.getMessage());
      }
    }
    LvsTable after = kernel.read().table();
    return new JsonObject().put("name", name).put("desired", Canonical.of(desired))
        .put("plan", new JsonArray(plan.stream().map(Object::toString).toList())).put("errors", errors)
        .put("dump", Canonical.of(after)).put("ipvsadm", run("ipvsadm", "-Sn"))
        .put("planAfter", TableDiff.plan(desired, after, owned).size());
  }

  static LvsTable first() {
    List<LvsVirtualService> all = new ArrayList<>();
    for (int i = 0; i < SCHEDULERS.size(); i++) {
      ServiceKey k = ServiceKey.ofAddress("TCP", ip("198.18.0.10"), 1000 + i);
      all.add(svc(new LvsService(k, SCHEDULERS.get(i), 0, 0, -1, null),
          dest("198.18.1." + (i + 1), 80, ForwardMethod.NAT, 1)));
    }
    all.add(svc(new LvsService(WEB, "wrr", LvsService.F_PERSISTENT, 300, 0xffffff00, null),
        new LvsDestination(ip("198.18.0.2"), 8080, ForwardMethod.NAT, 3, 100, 10),
        dest("198.18.0.3", 8080, ForwardMethod.NAT, 1)));
    all.add(svc(new LvsService(DNS, "sh", LvsService.F_SCHED1 | LvsService.F_SCHED2 | LvsService.F_ONEPACKET, 0, -1,
        null), dest("198.18.0.4", 53, ForwardMethod.DR, 1)));
    all.add(svc(new LvsService(MARK, "wlc", 0, 0, -1, null), dest("198.18.0.5", 0, ForwardMethod.TUN, 2)));
    all.add(svc(new LvsService(TUNNELS, "rr", 0, 0, -1, null),
        new LvsDestination(ip("198.18.0.7"), 0, ForwardMethod.TUN, 1, 0, 0, new Tunnel("gue", 6080, "remcsum")),
        new LvsDestination(ip("198.18.0.8"), 0, ForwardMethod.TUN, 1, 0, 0, new Tunnel("gre", 0, "csum")),
        dest("198.18.0.9", 0, ForwardMethod.TUN, 1)));
    all.add(svc(new LvsService(V6, "mh", LvsService.F_PERSISTENT, 60, 64, null),
        dest("2001:db8::2", 443, ForwardMethod.DR, 1)));
    return table(all);
  }

  /** Weights, a scheduler and persistence changed, one destination gone, one added, one service gone. */
  static LvsTable second() {
    Map<ServiceKey, LvsVirtualService> m = new LinkedHashMap<>(first().services());
    m.put(WEB, svc(new LvsService(WEB, "rr", 0, 0, -1, null),
        new LvsDestination(ip("198.18.0.2"), 8080, ForwardMethod.NAT, 5, 100, 10),
        dest("198.18.0.6", 8080, ForwardMethod.NAT, 1)));
    m.remove(MARK);
    m.put(TUNNELS, svc(new LvsService(TUNNELS, "rr", 0, 0, -1, null),
        new LvsDestination(ip("198.18.0.7"), 0, ForwardMethod.TUN, 1, 0, 0, new Tunnel("gre", 0, "nocsum")),
        new LvsDestination(ip("198.18.0.8"), 0, ForwardMethod.TUN, 1, 0, 0, new Tunnel("gue", 6081, "csum")),
        dest("198.18.0.9", 0, ForwardMethod.TUN, 1)));
    return new LvsTable(m);
  }

  static IpAddress ip(String s) {
    return IpAddress.parse(s).orElseThrow();
  }

  static LvsDestination dest(String a, int port, ForwardMethod m, int weight) {
    return new LvsDestination(ip(a), port, m, weight, 0, 0);
  }

  static LvsVirtualService svc(LvsService s, LvsDestination... dests) {
    Map<String, LvsDestination> m = new LinkedHashMap<>();
    for (LvsDestination d : dests) {
      m.put(d.endpoint(), d);
    }
    return new LvsVirtualService(s, m);
  }

  /** Both sync daemons started with every setting, read back, started again, stopped twice; one on no interface. */
  private static JsonObject syncDaemons(IpvsBackend kernel) throws Exception {
    JsonObject sd = new JsonObject().put("link", run("ip", "link", "add", "syncd0", "type", "dummy")
        + run("ip", "link", "set", "syncd0", "multicast", "on", "up"));
    LvsSyncDaemon d = new LvsSyncDaemon("syncd0", null, 7, 1400, 8849, 2,
        IpAddress.parse("239.1.2.3").orElseThrow());
    kernel.startSyncDaemon(LvsSyncDaemon.MASTER, d);
    kernel.startSyncDaemon(LvsSyncDaemon.BACKUP, d.withSyncId(8));
    sd.put("ours", new JsonArray(kernel.syncDaemons().stream().map(Object::toString).sorted().toList()))
        .put("ipvsadm", run("ipvsadm", "-L", "--daemon"));
    kernel.startSyncDaemon(LvsSyncDaemon.MASTER, d); // EEXIST: it runs already
    kernel.stopSyncDaemon(LvsSyncDaemon.MASTER, 7);
    kernel.stopSyncDaemon(LvsSyncDaemon.BACKUP, 8);
    kernel.stopSyncDaemon(LvsSyncDaemon.BACKUP, 8); // ESRCH: none runs
    sd.put("afterStop", kernel.syncDaemons().size()).put("ipvsadmAfterStop", run("ipvsadm", "-L", "--daemon"));
    try {
      kernel.startSyncDaemon(LvsSyncDaemon.MASTER, new LvsSyncDaemon("nosuch0", null, 1, 0, 0, 0, null));
      sd.put("noInterface", "accepted");
    } catch (IOException e) {
      sd.put("noInterface", e.getMessage());
    }
    return sd;
  }

  static LvsTable table(List<LvsVirtualService> all) {
    Map<ServiceKey, LvsVirtualService> m = new LinkedHashMap<>();
    all.forEach(v -> m.put(v.service().key(), v));
    return new LvsTable(m);
  }

  private static String run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int rc = p.waitFor();
    return rc == 0 ? text : "exit " + rc + ": " + text;
  }
}
