package io.vertalived.checker.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.checker.health.HealthCheckVerticle;
import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.BusCodecs;
import io.vertalived.core.bus.CheckResult;
import io.vertalived.core.bus.RealServerState;
import io.vertalived.core.config.ConfigLoader;
import io.vertalived.core.config.keywords.HostFacts;
import io.vertalived.core.service.ServiceContext;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three checker instances on one bus (one JVM here; the bus is the same clustered): each real
 * server is checked by exactly one of them, all three get a share, and when one leaves its real
 * servers are taken over within one delay_loop from the state it published: no check stops and
 * no real server changes state falsely (the dead ones are not reported dead a second time).
 */
@ExtendWith(VertxExtension.class)
class ThreeCheckerInstancesTest {
  @TempDir
  Path dir;

  @Test
  void splitAndTakeOver(Vertx vertx) throws Exception {
    StringBuilder conf = new StringBuilder("global_defs {\n router_id n1\n}\n"
        + "virtual_server 198.18.0.1 80 {\n delay_loop 0.5\n protocol TCP\n");
    List<NetServer> servers = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      NetServer s = vertx.createNetServer().connectHandler(sock -> sock.close()).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
      servers.add(s);
      conf.append(" real_server 127.0.0.1 ").append(s.actualPort()).append(" {\n  TCP_CHECK {\n   connect_timeout 1\n   warmup 0\n  }\n }\n");
    }
    int dead = 10;
    for (int i = 0; i < dead; i++) {
      servers.get(i).close().await(10, TimeUnit.SECONDS);
    }
    conf.append("}\n");
    Path file = dir.resolve("keepalived.conf");
    Files.writeString(file, conf);
    var loaded = ConfigLoader.load(file, new ConfigLoader.Options("n1", false, HostFacts.fixed(Set.of(), Set.of(), "n1")));
    assertNotNull(loaded.config(), loaded.diagnostics().toString());
    BusCodecs.register(vertx);
    Map<String, List<CheckResult>> results = new ConcurrentHashMap<>();
    List<RealServerState> states = new CopyOnWriteArrayList<>();
    io.vertalived.core.bus.LocalListeners.consume(vertx, Addresses.CHECK_RESULT,
        r -> results.computeIfAbsent(r.checkId(), k -> new CopyOnWriteArrayList<>()).add(r));
    vertx.eventBus().<RealServerState>consumer(Addresses.REAL_SERVER_STATE.address(), m -> states.add(m.body()));
    ServiceContext ctx = new ServiceContext("n1", file, loaded.config());
    List<String> deployments = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      deployments.add(vertx.deployVerticle(new HealthCheckVerticle(ctx)).await(10, TimeUnit.SECONDS));
    }
    long until = System.nanoTime() + 20_000_000_000L;
    while ((results.size() < 40 || states.size() < dead) && System.nanoTime() < until) {
      Thread.onSpinWait();
    }
    assertEquals(40, results.size(), "every real server is checked");
    assertEquals(dead, states.size(), "the closed ports are reported dead once: " + states);
    states.forEach(s -> assertTrue(!s.alive(), s.toString()));

    Set<String> owners = new HashSet<>();
    results.forEach((id, list) -> {
      Set<String> by = new HashSet<>();
      list.forEach(r -> by.add(r.checker()));
      assertEquals(1, by.size(), id + " was checked by " + by);
      owners.addAll(by);
    });
    assertEquals(3, owners.size(), "all three instances take a share");

    String leaver = results.values().iterator().next().get(0).checker();
    long left = System.currentTimeMillis();
    vertx.undeploy(deployments.get(0)).await(10, TimeUnit.SECONDS);
    vertx.undeploy(deployments.get(1)).await(10, TimeUnit.SECONDS);
    deployments.subList(0, 2).clear();
    // the last instance owns everything now; give it two delay_loops of results
    long settle = System.nanoTime() + 20_000_000_000L;
    while (results.values().stream().anyMatch(l -> l.get(l.size() - 1).timestamp().toEpochMilli() < left + 1_000)
        && System.nanoTime() < settle) {
      Thread.onSpinWait();
    }
    results.forEach((id, list) -> {
      long previous = -1;
      for (CheckResult r : list) {
        long t = r.timestamp().toEpochMilli();
        if (previous >= 0) {
          assertTrue(t - previous < 1_500, id + ": " + (t - previous) + " ms without a result (delay_loop 500 ms)");
        }
        previous = t;
      }
      assertTrue(list.get(list.size() - 1).timestamp().toEpochMilli() >= left + 1_000, id + " stopped being checked");
    });
    assertEquals(dead, states.size(), "no real server changed state on the takeover: " + states);
    assertNotNull(leaver);
  }
}
