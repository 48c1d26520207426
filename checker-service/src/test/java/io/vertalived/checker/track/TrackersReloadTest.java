package io.vertalived.checker.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.Bus;
import io.vertalived.core.bus.BusCodecs;
import io.vertalived.core.bus.EmptyQuery;
import io.vertalived.core.bus.TrackResult;
import io.vertalived.core.bus.TrackState;
import io.vertalived.core.config.ConfigLoader;
import io.vertalived.core.config.keywords.HostFacts;
import io.vertalived.core.service.RunningService;
import io.vertalived.core.service.ServiceContext;
import io.vertx.core.Vertx;
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
 * Trackers at a reload: the same definitions change nothing on the bus; a newly tracked file is
 * watched and reported; one no longer tracked leaves the node's tracker state.
 */
class TrackersReloadTest {
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

  private ServiceContext context(String... tracked) throws Exception {
    Path conf = dir.resolve("keepalived.conf");
    StringBuilder c = new StringBuilder("global_defs {\n router_id n1\n}\n");
    for (String f : List.of("tf1", "tf2")) {
      c.append("track_file ").append(f).append(" {\n file ").append(dir.resolve(f)).append("\n weight -10\n}\n");
    }
    c.append("vrrp_instance VI_1 {\n interface eth9\n virtual_router_id 51\n priority 100\n track_file {\n");
    for (String t : tracked) {
      c.append("  ").append(t).append('\n');
    }
    c.append(" }\n virtual_ipaddress {\n  198.18.0.100/32\n }\n}\n");
    Files.writeString(conf, c);
    var loaded = ConfigLoader.load(conf, new ConfigLoader.Options("n1", false,
        HostFacts.fixed(Set.of("eth9"), Set.of("root"), "n1")));
    assertNotNull(loaded.config(), loaded.diagnostics().toString());
    return new ServiceContext("n1", conf, loaded.config());
  }

  @Test
  void onlyWhatChangedIsRestartedAndNothingElseReachesTheBus() throws Exception {
    Files.writeString(dir.resolve("tf1"), "2\n");
    Files.writeString(dir.resolve("tf2"), "5\n");
    LinkedBlockingQueue<TrackResult> seen = new LinkedBlockingQueue<>();
    Bus.consume(vertx, Addresses.TRACK_RESULT, "n1", seen::add).completion().await(5, TimeUnit.SECONDS);
    RunningService trackers = new TrackersService().start(vertx, context("tf1")).await(10, TimeUnit.SECONDS);
    TrackResult first = seen.poll(10, TimeUnit.SECONDS);
    assertEquals("tf1", first.name());
    assertEquals(2, first.value());

    assertEquals(List.of(), trackers.reload(context("tf1")).await(10, TimeUnit.SECONDS), "same definitions");
    List<String> changes = trackers.reload(context("tf1", "tf2")).await(10, TimeUnit.SECONDS);
    assertEquals(List.of("track files restarted: [tf1, tf2]"), changes);
    TrackResult next = seen.poll(10, TimeUnit.SECONDS);
    assertEquals("tf2", next.name(), "tf1 found what it found before: not published again");
    assertEquals(5, next.value());
    assertNull(seen.poll(500, TimeUnit.MILLISECONDS));

    trackers.reload(context("tf2")).await(10, TimeUnit.SECONDS);
    TrackState state = Bus.request(vertx, Addresses.TRACK_STATE, "n1", EmptyQuery.INSTANCE, 5_000).await(10, TimeUnit.SECONDS);
    assertEquals(List.of("tf2"), state.results().stream().map(TrackResult::name).toList());
    trackers.stop().await(10, TimeUnit.SECONDS);
  }
}
