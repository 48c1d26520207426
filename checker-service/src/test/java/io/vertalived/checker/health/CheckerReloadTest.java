package io.vertalived.checker.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.Bus;
import io.vertalived.core.bus.BusCodecs;
import io.vertalived.core.bus.CheckResult;
import io.vertalived.core.bus.EmptyQuery;
import io.vertalived.core.bus.RealServerState;
import io.vertalived.core.config.ConfigLoader;
import io.vertalived.core.config.keywords.HostFacts;
import io.vertalived.core.config.model.KeepalivedConfig;
import io.vertalived.core.service.RunningService;
import io.vertalived.core.service.ServiceContext;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reload of the checker, as a difference (pure and with real listeners on loopback): an
 * unchanged real server keeps its checks and state, a removed one that was alive goes down and
 * stops, an added one is checked, a changed one goes on from its unchanged checks' results.
 */
class CheckerReloadTest {
  @TempDir
  Path dir;
  private Vertx vertx;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    BusCodecs.register(vertx);
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static String rs(int port, String check) {
    return " real_server 127.0.0.1 " + port + " {\n  " + check + "\n }\n";
  }

  private static String tcp() {
    return "TCP_CHECK {\n   connect_timeout 1\n   warmup 0\n  }";
  }

  private ServiceContext context(String realServers) throws Exception {
    Path conf = dir.resolve("keepalived.conf");
    Files.writeString(conf, "global_defs {\n router_id n1\n}\nvirtual_server 198.18.0.1 80 {\n delay_loop 0.2\n protocol TCP\n"
        + realServers + "}\n");
    var loaded = ConfigLoader.load(conf, new ConfigLoader.Options("n1", false, HostFacts.fixed(Set.of(), Set.of(), "n1")));
    assertNotNull(loaded.config(), loaded.diagnostics().toString());
    return new ServiceContext("n1", conf, loaded.config());
  }

  private int listener() throws Exception {
    NetServer s = vertx.createNetServer().connectHandler(c -> c.close()).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    return s.actualPort();
  }

  @Test
  void theDifferenceIsComputedAsKeepalivedMatchesRealServers() throws Exception {
    KeepalivedConfig before = context(rs(1001, tcp()) + rs(1002, tcp()) + rs(1003, tcp())).config();
    KeepalivedConfig after = context(rs(1001, tcp()) + rs(1003, tcp().replace("connect_timeout 1", "connect_timeout 2"))
        + rs(1004, tcp())).config();
    CheckerReload d = CheckerReload.between(before, after);
    assertEquals(List.of("[198.18.0.1]:tcp:80/127.0.0.1:1002"), d.removed());
    assertEquals(List.of("127.0.0.1:1003"), d.changed().stream().map(e -> e.rs().endpoint()).toList());
    assertEquals(List.of("127.0.0.1:1004"), d.added().stream().map(e -> e.rs().endpoint()).toList());
    assertEquals(List.of("real server 127.0.0.1:1003 of [198.18.0.1]:tcp:80 changed",
        "real server 127.0.0.1:1004 of [198.18.0.1]:tcp:80 added",
        "real server 127.0.0.1:1002 of [198.18.0.1]:tcp:80 removed"), d.changes());
    CheckerReload.Entry was = CheckerReload.entries(before).stream()
        .filter(e -> e.rs().endpoint().equals("127.0.0.1:1003")).findFirst().orElseThrow();
    assertEquals(List.of(), CheckerReload.unchangedChecks(was, d.changed().get(0)), "a changed TCP_CHECK carries nothing over");
    assertEquals(was.checkIds(), CheckerReload.unchangedChecks(was, was), "an unchanged one carries its state over");
    assertTrue(CheckerReload.between(before, before).changes().isEmpty());
  }

  @Test
  void aReloadKeepsAddsRemovesAndTheBusSaysSo() throws Exception {
    int kept = listener();
    int removed = listener();
    int added = listener();
    LinkedBlockingQueue<CheckResult> results = new LinkedBlockingQueue<>();
    LinkedBlockingQueue<RealServerState> states = new LinkedBlockingQueue<>();
    io.vertalived.core.bus.LocalListeners.consume(vertx, Addresses.CHECK_RESULT, results::add).completion()
        .await(5, TimeUnit.SECONDS);
    Bus.consume(vertx, Addresses.REAL_SERVER_STATE, states::add).completion().await(5, TimeUnit.SECONDS);
    RunningService checker = new CheckerService().start(vertx, context(rs(kept, tcp()) + rs(removed, tcp())))
        .await(10, TimeUnit.SECONDS);
    awaitResultFrom(results, removed);
    awaitResultFrom(results, kept);

    List<String> changes = checker.reload(context(rs(kept, tcp()) + rs(added, tcp()))).await(10, TimeUnit.SECONDS);
    assertEquals(List.of("real server 127.0.0.1:" + added + " of [198.18.0.1]:tcp:80 added",
        "real server 127.0.0.1:" + removed + " of [198.18.0.1]:tcp:80 removed"), changes);
    RealServerState gone = states.poll(10, TimeUnit.SECONDS);
    assertNotNull(gone, "the removed real server, alive, goes down");
    assertEquals("127.0.0.1:" + removed, gone.realServer());
    assertFalse(gone.alive());
    assertEquals("real server removed from the configuration", gone.reason());
    awaitResultFrom(results, added);
    results.clear();
    // from now on: results for the kept and the added one only, and no state change for the kept one
    long until = System.nanoTime() + 1_000_000_000L;
    while (System.nanoTime() < until) {
      CheckResult r = results.poll(100, TimeUnit.MILLISECONDS);
      if (r != null) {
        assertFalse(r.realServer().endsWith(":" + removed), "a removed real server is not checked: " + r);
      }
    }
    assertTrue(states.isEmpty(), "the kept real server did not change: " + states);
    var snapshot = Bus.request(vertx, Addresses.REAL_SERVER_SNAPSHOT, EmptyQuery.INSTANCE, 5_000).await(10, TimeUnit.SECONDS);
    assertEquals(List.of("127.0.0.1:" + added, "127.0.0.1:" + kept).stream().sorted().toList(),
        snapshot.realServers().stream().map(RealServerState::realServer).sorted().toList());
    checker.stop().await(10, TimeUnit.SECONDS);
  }

  private static void awaitResultFrom(LinkedBlockingQueue<CheckResult> results, int port) throws InterruptedException {
    long until = System.nanoTime() + 15_000_000_000L;
    while (System.nanoTime() < until) {
      CheckResult r = results.poll(100, TimeUnit.MILLISECONDS);
      if (r != null && r.realServer().endsWith(":" + port)) {
        return;
      }
    }
    throw new AssertionError("no result for port " + port);
  }
}
