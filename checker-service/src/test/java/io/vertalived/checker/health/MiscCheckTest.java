package io.vertalived.checker.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.BusCodecs;
import io.vertalived.core.bus.RealServerState;
import io.vertalived.core.config.ConfigLoader;
import io.vertalived.core.config.keywords.HostFacts;
import io.vertalived.core.script.ScriptResult;
import io.vertalived.core.service.ServiceContext;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** MISC_CHECK: exit status rules, and a real script whose status moves a real server's weight and state. */
@ExtendWith(VertxExtension.class)
class MiscCheckTest {
  @TempDir
  Path dir;

  @Test
  void exitStatusRules() {
    assertTrue(MiscProbe.outcome(new ScriptResult(0, false, null, "", 5), false).success());
    assertFalse(MiscProbe.outcome(new ScriptResult(1, false, null, "", 5), true).success());
    assertFalse(MiscProbe.outcome(new ScriptResult(7, false, null, "", 5), false).success(), "no misc_dynamic: down");
    ProbeOutcome dynamic = MiscProbe.outcome(new ScriptResult(7, false, null, "", 5), true);
    assertTrue(dynamic.success());
    assertEquals(5, dynamic.dynamicWeight());
    ProbeOutcome timeout = MiscProbe.outcome(new ScriptResult(-1, true, null, "", 3000), true);
    assertEquals("MISC_CHECK script timed out after 3000 ms", timeout.reason());
  }

  @Test
  void dynamicWeightThenDown(Vertx vertx) throws Exception {
    Path status = dir.resolve("status");
    Files.writeString(status, "12");
    Path script = dir.resolve("check.sh");
    Files.writeString(script, "#!/bin/sh\nexit $(cat " + status + ")\n");
    script.toFile().setExecutable(true);
    Path conf = dir.resolve("keepalived.conf");
    Files.writeString(conf, "global_defs {\n router_id n1\n}\n"
        + "virtual_server 198.18.0.1 80 {\n delay_loop 0.2\n protocol TCP\n"
        + " real_server 198.18.0.5 80 {\n  weight 3\n  notify_down \"/bin/sh -c 'echo down >> " + dir.resolve("notified") + "'\"\n  MISC_CHECK {\n   misc_path " + script + "\n   misc_dynamic\n   warmup 0\n  }\n }\n}\n");
    var loaded = ConfigLoader.load(conf, new ConfigLoader.Options("n1", false, HostFacts.fixed(Set.of(), Set.of(), "n1")));
    assertNotNull(loaded.config(), loaded.diagnostics().toString());
    BusCodecs.register(vertx);
    LinkedBlockingQueue<RealServerState> states = new LinkedBlockingQueue<>();
    vertx.eventBus().<RealServerState>consumer(Addresses.REAL_SERVER_STATE, m -> states.add(m.body()));
    new CheckerService().deploy(vertx, new ServiceContext("n1", conf, loaded.config())).await(10, TimeUnit.SECONDS);
    RealServerState weighted = states.poll(10, TimeUnit.SECONDS);
    assertTrue(weighted.alive());
    assertEquals(10, weighted.weight(), "exit 12 - 2");
    Files.writeString(status, "1");
    RealServerState down = states.poll(10, TimeUnit.SECONDS);
    assertFalse(down.alive());
    assertEquals(0, down.weight());
    assertTrue(down.reason().contains("MISC_CHECK script exit 1"), down.reason());
    Path notified = dir.resolve("notified");
    long until = System.nanoTime() + 10_000_000_000L;
    while (!(Files.exists(notified) && Files.readString(notified).equals("down\n")) && System.nanoTime() < until) {
      Thread.onSpinWait();
    }
    assertEquals("down\n", Files.readString(notified), "notify_down ran once");
  }
}
