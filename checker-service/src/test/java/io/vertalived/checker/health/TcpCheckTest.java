package io.vertalived.checker.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.bus.Addresses;
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

    JsonObject state = vertx.eventBus().<JsonObject>request(Addresses.CHECK_STATE, new JsonObject())
        .await(10, TimeUnit.SECONDS).body();
    assertEquals(2, state.getJsonArray("checks").size());

    LinkedBlockingQueue<String> members = new LinkedBlockingQueue<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.CHECKER_MEMBERS, m -> members.add(m.body().getString("checker")));
    String instance = members.poll(10, TimeUnit.SECONDS);
    JsonObject stats = vertx.eventBus().<JsonObject>request(Addresses.checkerStats(instance), new JsonObject().put("reset", true))
        .await(10, TimeUnit.SECONDS).body();
    assertEquals(2, stats.getLong("realServers"));
    assertTrue(stats.getLong("checksRun") >= 4 && stats.getLong("failures") >= 2, stats.encode());
    assertEquals(stats.getLong("lagSamples"), stats.getJsonObject("lagBuckets").stream()
        .mapToLong(e -> ((Number) e.getValue()).longValue()).sum());
    JsonObject afterReset = vertx.eventBus().<JsonObject>request(Addresses.checkerStats(instance), new JsonObject())
        .await(10, TimeUnit.SECONDS).body();
    assertTrue(afterReset.getLong("checksRun") < stats.getLong("checksRun"), afterReset.encode());
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
