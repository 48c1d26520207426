package io.vertalived.checker.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.Bus;
import io.vertalived.core.bus.CheckState;
import io.vertalived.core.bus.CheckerStats;
import io.vertalived.core.bus.CheckerStatsQuery;
import io.vertalived.core.bus.EmptyQuery;
import io.vertalived.core.bus.RealServerSnapshot;
import io.vertalived.core.bus.CheckResult;
import io.vertalived.core.bus.RealServerState;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * TCP_CHECK against real listeners on loopback started by the test: a listening real server is
 * up, a closed port is taken down by its first failure (retries spent at start), and a server
 * that stops listening goes down after retry+1 failures; results and states reach the bus.
 */
@ExtendWith(VertxExtension.class)
class TcpCheckTest {
  @TempDir
  Path dir;

  @Test
  void upDownAndTheBus(Vertx vertx, VertxTestContext ctx) throws Exception {
    NetServer server = vertx.createNetServer().connectHandler(s -> s.close()).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    int open = server.actualPort();
    NetServer probe = vertx.createNetServer().connectHandler(s -> s.close()).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    int closed = probe.actualPort();
    probe.close().await(10, TimeUnit.SECONDS);
    Path conf = dir.resolve("keepalived.conf");
    Files.writeString(conf, "global_defs {\n router_id n1\n}\n"
        + "virtual_server 198.18.0.1 80 {\n delay_loop 1\n protocol TCP\n"
        + " real_server 127.0.0.1 " + open + " {\n  TCP_CHECK {\n   connect_timeout 1\n   retry 1\n   delay_before_retry 0.2\n   warmup 0\n  }\n }\n"
        + " real_server 127.0.0.1 " + closed + " {\n  TCP_CHECK {\n   connect_timeout 1\n   warmup 0\n  }\n }\n}\n");
    CheckerUnderTest checker = CheckerUnderTest.start(vertx, conf);
    LinkedBlockingQueue<CheckResult> results = checker.results;
    LinkedBlockingQueue<RealServerState> states = checker.states;

    RealServerState dead = states.poll(10, TimeUnit.SECONDS);
    assertEquals("127.0.0.1:" + closed, dead.realServer());
    assertFalse(dead.alive());
    assertEquals(0, dead.weight());
    assertEquals("[198.18.0.1]:tcp:80", dead.virtualServer());
    assertTrue(dead.reason().contains("Connection refused"), dead.reason());

    CheckResult up = null;
    while (up == null) {
      CheckResult r = results.poll(10, TimeUnit.SECONDS);
      if (r.realServer().endsWith(":" + open)) {
        up = r;
      }
    }
    assertTrue(up.up());
    assertEquals("[198.18.0.1]:tcp:80/127.0.0.1:" + open + "/TCP_CHECK#0", up.checkId());

    server.close().await(10, TimeUnit.SECONDS);
    RealServerState down = states.poll(10, TimeUnit.SECONDS);
    assertEquals("127.0.0.1:" + open, down.realServer());
    assertFalse(down.alive());
    assertTrue(down.reason().contains("failed after 1 retries"), down.reason());

    CheckState state = Bus.request(vertx, Addresses.CHECK_STATE, EmptyQuery.INSTANCE, 10_000).await(10, TimeUnit.SECONDS);
    assertEquals(2, state.checks().size());
    RealServerSnapshot snapshot = Bus.request(vertx, Addresses.REAL_SERVER_SNAPSHOT, EmptyQuery.INSTANCE, 10_000)
        .await(10, TimeUnit.SECONDS);
    assertEquals(2, snapshot.realServers().size(), snapshot.toString());
    assertTrue(snapshot.realServers().stream().noneMatch(RealServerState::alive), "both are down now: " + snapshot);

    LinkedBlockingQueue<String> members = new LinkedBlockingQueue<>();
    Bus.consume(vertx, Addresses.CHECKER_MEMBERS, h -> members.add(h.checker()));
    String instance = members.poll(10, TimeUnit.SECONDS);
    CheckerStats stats = Bus.request(vertx, Addresses.CHECKER_STATS, instance, new CheckerStatsQuery(true), 10_000)
        .await(10, TimeUnit.SECONDS);
    assertEquals(2, stats.realServers());
    assertTrue(stats.checksRun() >= 4 && stats.failures() >= 2, stats.toString());
    assertEquals(stats.lagSamples(), stats.lagBuckets().values().stream().mapToLong(Long::longValue).sum());
    CheckerStats afterReset = Bus.request(vertx, Addresses.CHECKER_STATS, instance, new CheckerStatsQuery(false), 10_000)
        .await(10, TimeUnit.SECONDS);
    assertTrue(afterReset.checksRun() < stats.checksRun(), afterReset.toString());
    ctx.completeNow();
  }

  @Test
  void bindtoAndBindPortSetTheSourceOfTheConnection(Vertx vertx, VertxTestContext ctx) throws Exception {
    LinkedBlockingQueue<String> sources = new LinkedBlockingQueue<>();
    NetServer server = vertx.createNetServer().connectHandler(s -> {
      sources.add(s.remoteAddress().host() + ":" + s.remoteAddress().port());
      s.close();
    }).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    int sourcePort;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      sourcePort = free.getLocalPort();
    }
    Path conf = dir.resolve("bind.conf");
    Files.writeString(conf, "virtual_server 198.18.0.1 80 {\n delay_loop 0.2\n protocol TCP\n"
        + " real_server 127.0.0.1 " + server.actualPort() + " {\n  TCP_CHECK {\n   bindto 127.0.0.1\n   bind_port " + sourcePort
        + "\n   warmup 0\n  }\n }\n}\n");
    CheckerUnderTest.start(vertx, conf);
    // twice: the same source port again at once (the RST close leaves no TIME_WAIT behind)
    assertEquals("127.0.0.1:" + sourcePort, sources.poll(10, TimeUnit.SECONDS));
    assertEquals("127.0.0.1:" + sourcePort, sources.poll(10, TimeUnit.SECONDS));
    ctx.completeNow();
  }
}
