package io.vertalived.checker.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.Bus;
import io.vertalived.core.bus.EmptyQuery;
import io.vertalived.core.bus.TrackState;
import io.vertalived.core.bus.BusCodecs;
import io.vertalived.core.bus.TrackResult;
import io.vertalived.core.config.ConfigLoader;
import io.vertalived.core.config.keywords.HostFacts;
import io.vertalived.core.service.ServiceContext;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** track_file: the file's integer at start (after init_file) and after every change, on the bus. */
@ExtendWith(VertxExtension.class)
class TrackFileWatcherTest {
  @TempDir
  Path dir;

  @Test
  void valuesFollowTheFile(Vertx vertx, VertxTestContext ctx) throws Exception {
    Path tracked = dir.resolve("prio");
    Path conf = dir.resolve("keepalived.conf");
    Files.writeString(conf, "global_defs {\n router_id n1\n}\n"
        + "track_file tf1 {\n file " + tracked + "\n weight -10\n init_file 3\n}\n"
        + "track_file unused {\n file " + dir.resolve("other") + "\n}\n"
        + "vrrp_instance VI_1 {\n interface eth9\n virtual_router_id 51\n priority 100\n"
        + " track_file {\n  tf1\n }\n virtual_ipaddress {\n  198.18.0.100/32\n }\n}\n");
    var loaded = ConfigLoader.load(conf, new ConfigLoader.Options("n1", false,
        HostFacts.fixed(java.util.Set.of("eth9"), java.util.Set.of("root"), "n1")));
    assertNotNull(loaded.config(), loaded.diagnostics().toString());
    BusCodecs.register(vertx);
    LinkedBlockingQueue<TrackResult> seen = new LinkedBlockingQueue<>();
    vertx.eventBus().<TrackResult>consumer(Addresses.TRACK_RESULT.at("n1"), m -> seen.add(m.body()));
    new TrackersService().start(vertx, new ServiceContext("n1", conf, loaded.config()))
        .await(10, TimeUnit.SECONDS);
    TrackResult first = seen.poll(10, TimeUnit.SECONDS);
    assertEquals("file", first.kind());
    assertEquals("tf1", first.name());
    assertEquals(3, first.value(), "init_file wrote 3");
    assertEquals("3\n", Files.readString(tracked));
    Files.writeString(tracked, "30 because of maintenance\n");
    TrackResult changed = seen.poll(10, TimeUnit.SECONDS);
    assertEquals(30, changed.value());
    assertEquals(false, changed.up(), "30 x -10 is below -253: FAULT");
    Files.delete(tracked);
    assertEquals(0, seen.poll(10, TimeUnit.SECONDS).value(), "a missing file reads 0");
    TrackState state = Bus.request(vertx, Addresses.TRACK_STATE, "n1", EmptyQuery.INSTANCE, 10_000)
        .await(10, TimeUnit.SECONDS);
    assertEquals(1, state.results().size(), "only the tracked file is watched");
    assertEquals(0, state.results().get(0).value());
    ctx.completeNow();
  }

  @Test
  void parsesAsKeepalivedReadsAnInteger() {
    assertEquals(-12, TrackFileWatcher.parse("  -12\n"));
    assertEquals(7, TrackFileWatcher.parse("7abc"));
    assertEquals(0, TrackFileWatcher.parse("abc"));
    assertEquals(0, TrackFileWatcher.parse(""));
  }
}
