package io.vertalived.checker.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.bus.BusCodecs;
import io.vertalived.core.bus.CheckResult;
import io.vertalived.core.bus.Sequencer;
import io.vertalived.core.config.ConfigLoader;
import io.vertalived.core.config.keywords.HostFacts;
import io.vertalived.core.config.model.KeepalivedConfig;
import io.vertalived.core.config.model.RealServer;
import io.vertalived.core.config.model.VirtualServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A probe that throws, or whose future fails, is a failed check and the check goes on: it is
 * rescheduled after every outcome and nothing stays in flight.
 */
class ProbeFailureTest {
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

  @Test
  void aProbeThatThrowsIsAFailedCheckAndTheCheckGoesOn() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    runBrokenProbe(new Probe() {
      @Override
      public Future<ProbeOutcome> probe() {
        calls.incrementAndGet();
        throw new IllegalStateException("boom");
      }

      @Override
      public void close() {}
    }, "probe error: boom");
    assertTrue(calls.get() >= 3, "probed " + calls.get() + " times");
  }

  @Test
  void aProbeWhoseFutureFailsIsAFailedCheckAndTheCheckGoesOn() throws Exception {
    runBrokenProbe(new Probe() {
      @Override
      public Future<ProbeOutcome> probe() {
        return Future.failedFuture(new java.io.IOException("socket gone"));
      }

      @Override
      public void close() {}
    }, "probe error: socket gone");
  }

  private void runBrokenProbe(Probe broken, String reason) throws Exception {
    Path conf = dir.resolve("keepalived.conf");
    Files.writeString(conf, "global_defs {\n router_id n1\n}\n"
        + "virtual_server 198.18.0.1 80 {\n delay_loop 0.1\n protocol TCP\n"
        + " real_server 198.18.0.2 80 {\n  TCP_CHECK {\n   connect_timeout 1\n   retry 0\n   warmup 0\n  }\n }\n}\n");
    var loaded = ConfigLoader.load(conf, new ConfigLoader.Options("n1", false, HostFacts.fixed(Set.of(), Set.of(), "n1")));
    KeepalivedConfig config = loaded.config();
    assertNotNull(config, loaded.diagnostics().toString());
    VirtualServer vs = config.virtualServers().get(0);
    RealServer rs = vs.realServers().get(0);
    LinkedBlockingQueue<CheckResult> results = new LinkedBlockingQueue<>();
    // every result reaches this JVM's consumers; only news are retained
    io.vertalived.core.bus.LocalListeners.consume(vertx, io.vertalived.core.bus.Addresses.CHECK_RESULT, results::add);
    ProbeShard shard = new ProbeShard("n1", "n1/test", new Sequencer(), new Sequencer(), config.ssl(), () -> null,
        (r, news) -> { }, (v, c, s, tls, scripts) -> broken);
    shard.add(CheckerReload.entries(config).get(0));
    vertx.deployVerticle(shard).await(10, TimeUnit.SECONDS);
    shard.take(vs.label() + "/" + rs.endpoint(), Map.of(), false);

    for (int i = 0; i < 3; i++) {
      CheckResult r = results.poll(10, TimeUnit.SECONDS);
      assertNotNull(r, "result " + (i + 1) + " of a broken probe never came: the check stopped");
      assertFalse(r.up());
      assertEquals(reason, r.reason());
    }
    ProbeShard.Stats stats = shard.stats(false).await(10, TimeUnit.SECONDS);
    assertTrue(stats.checksRun() >= 3, "checks run " + stats.checksRun());
    assertEquals(stats.checksRun(), stats.failures());
    assertTrue(stats.inFlight() <= 1, "in flight " + stats.inFlight());
  }
}
