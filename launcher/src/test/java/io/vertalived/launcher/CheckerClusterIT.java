package io.vertalived.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.Bus;
import io.vertalived.core.bus.EmptyQuery;
import io.vertalived.core.bus.CheckResult;
import io.vertalived.core.bus.RealServerState;
import io.vertalived.core.cluster.ClusterBootstrap;
import io.vertalived.core.cluster.ClusterSettings;
import io.vertalived.core.bus.RecordJson;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three checker instances in three JVMs (`./vertalived --services checker --cluster`) on
 * loopback, watched from this JVM, which joins their cluster as a lite member: the real servers
 * split between them; after a kill -9 of one, every check keeps running (taken over within the
 * 2 s dead-after + one delay_loop) and no real server changes state falsely.
 */
class CheckerClusterIT {
  @TempDir
  Path dir;
  private final List<Process> started = new ArrayList<>();
  private Vertx watcher;
  private long poll = -1;
  private Vertx servers;

  @AfterEach
  void cleanUp() throws Exception {
    for (Process p : started) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    if (watcher != null) {
      watcher.cancelTimer(poll);
      watcher.close().await(30, TimeUnit.SECONDS);
    }
    if (servers != null) {
      servers.close().await(30, TimeUnit.SECONDS);
    }
  }

  private static void await(String what, long timeoutMs, BooleanSupplier condition) throws InterruptedException {
    long until = System.nanoTime() + timeoutMs * 1_000_000;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new AssertionError("timed out after " + timeoutMs + " ms waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  @Test
  void killNineOfOneCheckerLosesNoCheckAndFlapsNothing() throws Exception {
    servers = Vertx.vertx();
    StringBuilder conf = new StringBuilder("global_defs {\n router_id checkers\n}\n"
        + "virtual_server 198.18.0.1 80 {\n delay_loop 0.5\n protocol TCP\n");
    List<NetServer> listening = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      NetServer s = servers.createNetServer().connectHandler(sock -> sock.close()).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
      listening.add(s);
      conf.append(" real_server 127.0.0.1 ").append(s.actualPort())
          .append(" {\n  TCP_CHECK {\n   connect_timeout 1\n   warmup 0\n  }\n }\n");
    }
    for (int i = 0; i < 8; i++) {
      listening.get(i).close().await(10, TimeUnit.SECONDS);
    }
    conf.append("}\n");
    Path file = dir.resolve("keepalived.conf");
    Files.writeString(file, conf);
    long pid = ProcessHandle.current().pid();
    int base = 17000 + (int) (pid % 400) * 8;
    String name = "vtl-checkers-" + pid;
    String members = "127.0.0.1:" + base + ",127.0.0.1:" + (base + 1) + ",127.0.0.1:" + (base + 2) + ",127.0.0.1:" + (base + 3);
    Path home = Path.of(System.getProperty("vertalived.home", "..")).toRealPath();
    List<Process> checkers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Process p = new ProcessBuilder(home.resolve("vertalived").toString(), "--services", "checker", "-f", file.toString(),
          "--cluster", "--cluster-name", name, "--cluster-port", Integer.toString(base + i), "--cluster-members", members)
          .redirectErrorStream(true).redirectOutput(dir.resolve("checker" + i + ".log").toFile()).start();
      started.add(p);
      checkers.add(p);
    }
    watcher = ClusterBootstrap.startClustered(new ClusterSettings(name, List.of(members.split(",")), "127.0.0.1",
        base + 3, 0), true).await(60, TimeUnit.SECONDS);
    Map<String, List<CheckResult>> results = new ConcurrentHashMap<>();
    List<RealServerState> states = new CopyOnWriteArrayList<>();
    // every result crosses the cluster only when it says something new: the watcher reads the
    // whole picture (each instance's own latest results, gathered by the one asked) every 200 ms
    poll = watcher.setPeriodic(200, t -> Bus.request(watcher, Addresses.CHECK_STATE, EmptyQuery.INSTANCE, 2_000)
        .onSuccess(reply -> reply.checks().forEach(r -> {
          List<CheckResult> seen = results.computeIfAbsent(r.checkId(), k -> new CopyOnWriteArrayList<>());
          if (seen.isEmpty() || r.timestamp().isAfter(seen.get(seen.size() - 1).timestamp())) {
            seen.add(r);
          }
        })));
    watcher.eventBus().<RealServerState>consumer(Addresses.REAL_SERVER_STATE.address(), m -> states.add(m.body()));
    List<CheckResult> crossed = new CopyOnWriteArrayList<>();
    watcher.eventBus().<CheckResult>consumer(Addresses.CHECK_RESULT.address(), m -> crossed.add(m.body()));
    Set<String> owners = new HashSet<>();
    await("30 checks, each with results from one instance, and three instances sharing them: " + owners, 90_000, () -> {
      if (results.size() < 30 || results.values().stream().anyMatch(l -> l.size() < 3)) {
        return false;
      }
      owners.clear();
      results.values().forEach(l -> owners.add(l.get(l.size() - 1).checker()));
      return owners.size() == 3;
    });
    // steady checks (same state and reason) do not cross the cluster: three more rounds, no news
    int crossedBefore = crossed.size();
    Map<String, Integer> seenBefore = new HashMap<>();
    results.forEach((id, l) -> seenBefore.put(id, l.size()));
    await("three more results of every check", 30_000, () -> results.entrySet().stream()
        .allMatch(e -> e.getValue().size() >= seenBefore.get(e.getKey()) + 3));
    assertEquals(List.of(), crossed.subList(crossedBefore, crossed.size()), "steady results crossed the cluster");
    Map<String, String> ownerBefore = new HashMap<>();
    results.forEach((id, l) -> ownerBefore.put(id, l.get(l.size() - 1).checker()));
    Process killed = checkers.get(0);
    int statesBefore = states.size();
    long killedAt = System.currentTimeMillis();
    new ProcessBuilder("kill", "-9", Long.toString(killed.pid())).start().waitFor();
    killed.waitFor(10, TimeUnit.SECONDS);
    await("every check has a result 4 s after the kill", 30_000, () -> results.values().stream()
        .allMatch(l -> l.get(l.size() - 1).timestamp().toEpochMilli() > killedAt + 4_000));
    Set<String> after = new HashSet<>();
    results.forEach((id, list) -> {
      long previous = -1;
      for (CheckResult r : list) {
        long t = r.timestamp().toEpochMilli();
        if (previous >= 0) {
          assertTrue(t - previous < 3_500, id + ": " + (t - previous) + " ms without a result (dead-after 2 s + delay_loop 0.5 s)");
        }
        previous = t;
      }
      after.add(list.get(list.size() - 1).checker());
    });
    assertEquals(2, after.size(), "the two survivors own everything: " + after);
    // a survivor's first result of a check it took over is news: it crossed the cluster
    Set<String> gone = new HashSet<>(owners);
    gone.removeAll(after);
    ownerBefore.forEach((id, owner) -> {
      if (gone.contains(owner)) {
        assertTrue(crossed.stream().anyMatch(r -> r.checkId().equals(id) && after.contains(r.checker())),
            id + ": the new owner's first result did not cross the cluster");
      }
    });
    assertTrue(ownerBefore.containsValue(gone.iterator().next()), "the killed instance owned checks");
    assertEquals(statesBefore, states.size(), "no real server changed state: " + states.subList(statesBefore, states.size()));
  }
}
