package io.vertalived.checker.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.BusCodecs;
import io.vertalived.core.bus.TrackResult;
import io.vertalived.core.config.ConfigLoader;
import io.vertalived.core.config.keywords.HostFacts;
import io.vertalived.core.service.ServiceContext;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A tracked process started and killed by the test: up, then down, on the bus. */
@ExtendWith(VertxExtension.class)
class TrackProcessPollerTest {
  @TempDir
  Path dir;

  @Test
  void upWhileTheProcessRunsDownWhenItIsKilled(Vertx vertx, VertxTestContext ctx) throws Exception {
    String marker = "4242." + ProcessHandle.current().pid();
    Path conf = dir.resolve("keepalived.conf");
    Files.writeString(conf, "global_defs {\n router_id n1\n}\n"
        + "vrrp_track_process sleeper {\n process sleep " + marker + "\n}\n"
        + "vrrp_instance VI_1 {\n interface eth9\n virtual_router_id 51\n priority 100\n"
        + " track_process {\n  sleeper\n }\n virtual_ipaddress {\n  198.18.0.100/32\n }\n}\n");
    var loaded = ConfigLoader.load(conf, new ConfigLoader.Options("n1", false, HostFacts.fixed(Set.of("eth9"), Set.of(), "n1")));
    assertNotNull(loaded.config(), loaded.diagnostics().toString());
    BusCodecs.register(vertx);
    LinkedBlockingQueue<TrackResult> seen = new LinkedBlockingQueue<>();
    vertx.eventBus().<TrackResult>consumer(Addresses.TRACK_RESULT.at("n1"), m -> seen.add(m.body()));
    new TrackersService().start(vertx, new ServiceContext("n1", conf, loaded.config())).await(10, TimeUnit.SECONDS);
    TrackResult first = seen.poll(10, TimeUnit.SECONDS);
    assertEquals("process", first.kind());
    assertEquals(false, first.up(), "not running yet");
    Process sleeper = new ProcessBuilder("sleep", marker).start();
    try {
      TrackResult up = seen.poll(10, TimeUnit.SECONDS);
      assertEquals(true, up.up());
      assertEquals(1, up.value());
    } finally {
      sleeper.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    TrackResult down = seen.poll(10, TimeUnit.SECONDS);
    assertEquals(false, down.up());
    assertEquals("0 processes 'sleep' (quorum 1)", down.reason());
    ctx.completeNow();
  }
}
