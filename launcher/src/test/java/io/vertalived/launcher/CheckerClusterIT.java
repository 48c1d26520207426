package io.vertalived.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.CheckResult;
import io.vertalived.core.bus.RealServerState;
import io.vertalived.core.cluster.ClusterBootstrap;
import io.vertalived.core.cluster.ClusterSettings;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
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
  private Vertx servers;

  @AfterEach
  void cleanUp() throws Exception {
    for (Process p : started) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    if (watcher != null) {
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
    watcher.eventBus().<CheckResult>consumer(Addresses.CHECK_RESULT,
        m -> results.computeIfAbsent(m.body().checkId(), k -> new CopyOnWriteArrayList<>()).add(m.body()));
    watcher.eventBus().<RealServerState>consumer(Addresses.REAL_SERVER_STATE, m -> states.add(m.body()));
    Set<String> owners = new HashSet<>();
    await("30 checks, each with results from one instance, and three instances sharing them: " + owners, 90_000, () -> {
      if (results.size() < 30 || results.values().stream().anyMatch(l -> l.size() < 3)) {
        return false;
      }
      owners.clear();
      results.values().forEach(l -> owners.add(l.get(l.size() - 1).checker()));
      return owners.size() == 3;
    });
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
    assertEquals(statesBefore, states.size(), "no real server changed state: " + states.subList(statesBefore, states.size()));
  }
}
