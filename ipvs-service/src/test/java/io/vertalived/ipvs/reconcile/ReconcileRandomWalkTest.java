package io.vertalived.ipvs.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.bus.RealServerState;
import io.vertalived.core.config.model.KeepalivedConfig;
import io.vertalived.core.config.model.RealServer;
import io.vertalived.core.config.model.VirtualServer;
import io.vertalived.ipvs.Configs;
import io.vertalived.ipvs.Tables;
import io.vertalived.ipvs.desired.DesiredTable;
import io.vertalived.ipvs.desired.HealthBoard;
import io.vertalived.ipvs.desired.QuorumBoard;
import io.vertalived.ipvs.table.LvsDestination;
import io.vertalived.ipvs.table.LvsTable;
import io.vertalived.ipvs.table.LvsVirtualService;
import io.vertalived.ipvs.table.ServiceKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Random health events, weight changes and reloads among configurations that differ in every way the reconciler
 * must handle (services added and removed, schedulers, real servers, inhibit, sorry servers, quorum); after every
 * step the kernel holds exactly the desired table, a foreign service is untouched, no operation removes a
 * destination that is still wanted, and a service that had a live destination and still wants one never passes
 * through having none. The plan of a health change, made for its virtual server's services only, equals the full
 * plan.
 */
class ReconcileRandomWalkTest {
  private static final String[] CONFIGS = {
      """
      virtual_server 198.18.0.1 80 {
        protocol TCP
        lb_algo rr
        quorum 2
        hysteresis 1
        sorry_server 198.18.0.99 80
        real_server 198.18.0.2 80 { }
        real_server 198.18.0.3 80 { inhibit_on_failure }
        real_server 198.18.0.4 80 { weight 2 }
      }
      virtual_server fwmark 7 {
        lb_algo wlc
        real_server 198.18.0.5 80 { }
        real_server 198.18.0.6 80 { }
      }
      """,
      """
      virtual_server 198.18.0.1 80 {
        protocol TCP
        lb_algo wrr
        sorry_server 198.18.0.99 80
        sorry_server_inhibit
        real_server 198.18.0.2 80 { weight 3 }
        real_server 198.18.0.4 80 { inhibit_on_failure }
        real_server 198.18.0.7 80 { }
      }
      virtual_server 198.18.0.1 443 {
        protocol TCP
        lb_kind DR
        persistence_timeout 60
        real_server 198.18.0.2 443 { }
        real_server 198.18.0.3 443 { }
      }
      """,
      """
      virtual_server_group G {
        198.18.0.20-21 80
      }
      virtual_server group G {
        protocol UDP
        real_server 198.18.0.2 80 { }
        real_server 198.18.0.8 80 { }
      }
      virtual_server fwmark 7 {
        lb_algo sh
        real_server 198.18.0.5 80 { }
      }
      """};

  @Test
  void theKernelAlwaysEndsEqualToTheDesiredTable() {
    for (long seed = 1; seed <= 40; seed++) {
      walk(new Random(seed), seed);
    }
  }

  private void walk(Random rnd, long seed) {
    List<KeepalivedConfig> configs = new ArrayList<>();
    for (String c : CONFIGS) {
      configs.add(Configs.parse(c));
    }
    KeepalivedConfig config = configs.get(0);
    HealthBoard health = new HealthBoard();
    QuorumBoard quorum = new QuorumBoard();
    quorum.configure(config, health);
    LvsTable foreign = Tables.foreignOnly();
    LvsTable kernel = foreign;
    Set<ServiceKey> owned = new HashSet<>();
    for (int step = 0; step < 150; step++) {
      String what;
      Set<ServiceKey> touched = null;
      int r = rnd.nextInt(10);
      if (r == 0) {
        config = configs.get(rnd.nextInt(configs.size()));
        quorum.configure(config, health);
        what = "reload";
      } else {
        VirtualServer vs = config.virtualServers().get(rnd.nextInt(config.virtualServers().size()));
        RealServer rs = vs.realServers().get(rnd.nextInt(vs.realServers().size()));
        boolean alive = rnd.nextBoolean();
        int weight = alive ? rnd.nextInt(4) : 0;
        health.report(new RealServerState("n1", "b", 0, Instant.EPOCH, vs.label(), rs.endpoint(), alive, weight, "x"));
        quorum.update(vs, health);
        touched = new HashSet<>(io.vertalived.ipvs.desired.ServiceKeys.of(vs, config));
        what = rs.endpoint() + (alive ? " alive w" + weight : " dead");
      }
      LvsTable desired = DesiredTable.of(config, health, quorum::up);
      owned.addAll(desired.services().keySet());
      List<LvsOperation> plan = TableDiff.plan(desired, kernel, owned);
      String where = "seed " + seed + " step " + step + " (" + what + ")";
      if (touched != null && step > 0) {
        // after a converged step, a health change planned for its virtual server's services alone is the full plan
        assertEquals(plan, TableDiff.plan(desired, kernel, owned, touched), where + ": the partial plan differs");
      }
      Set<String> deleted = new HashSet<>();
      Set<String> added = new HashSet<>();
      LvsTable before = kernel;
      for (LvsOperation op : plan) {
        if (op instanceof LvsOperation.DeleteDestination d) {
          LvsVirtualService w = desired.services().get(d.key());
          assertFalse(w != null && w.destinations().containsKey(d.destination().endpoint()),
              where + ": removed a wanted destination: " + op);
          deleted.add(d.key() + d.destination().endpoint());
        }
        if (op instanceof LvsOperation.AddDestination a) {
          added.add(a.key() + a.destination().endpoint());
        }
        kernel = TableDiff.apply(kernel, List.of(op));
        assertNoLiveGap(before, kernel, desired, where + " after " + op);
      }
      deleted.retainAll(added);
      assertTrue(deleted.isEmpty(), where + ": deleted and re-added " + deleted);
      assertEquals(desired.services(), ours(kernel, owned), where);
      assertEquals(foreign.services().get(Tables.FOREIGN), kernel.services().get(Tables.FOREIGN), where);
      assertTrue(TableDiff.plan(desired, kernel, owned).isEmpty(), where + ": not converged");
    }
  }

  private static Map<ServiceKey, LvsVirtualService> ours(LvsTable kernel, Set<ServiceKey> owned) {
    Map<ServiceKey, LvsVirtualService> m = new TreeMap<>(kernel.services());
    m.keySet().retainAll(owned);
    return m;
  }

  /** A service with a live destination before the step, and still wanting one, has one at every moment. */
  private static void assertNoLiveGap(LvsTable before, LvsTable now, LvsTable desired, String where) {
    for (Map.Entry<ServiceKey, LvsVirtualService> e : before.services().entrySet()) {
      LvsVirtualService want = desired.services().get(e.getKey());
      if (live(e.getValue()) && want != null && live(want)) {
        LvsVirtualService cur = now.services().get(e.getKey());
        assertTrue(cur != null && live(cur), where + ": " + e.getKey() + " has no live destination");
      }
    }
  }

  private static boolean live(LvsVirtualService s) {
    return s.destinations().values().stream().mapToInt(LvsDestination::weight).anyMatch(w -> w > 0);
  }
}
