package io.vertalived.checker.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.bus.RealServerState;
import io.vertalived.core.script.ScriptResult;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
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
    LinkedBlockingQueue<RealServerState> states = CheckerUnderTest.start(vertx, conf).states;
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

  /**
   * A script that hangs and one that floods stdout (yes) are each a failure with a clear reason,
   * killed at misc_timeout (1 s), again and again; meanwhile a TCP_CHECK next to them stays on
   * its 200 ms schedule (no gap over 1 s between its results).
   */
  @Test
  void hostileScriptsFailAndOtherChecksKeepTheirSchedule(Vertx vertx) throws Exception {
    io.vertx.core.net.NetServer tcp = vertx.createNetServer().connectHandler(sock -> sock.close())
        .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    Path conf = dir.resolve("keepalived.conf");
    Files.writeString(conf, "global_defs {\n router_id n1\n}\n"
        + "virtual_server 198.18.0.1 80 {\n delay_loop 0.2\n protocol TCP\n"
        + " real_server 198.18.0.5 80 {\n  MISC_CHECK {\n   misc_path \"/bin/sleep 1000\"\n   misc_timeout 1\n   warmup 0\n  }\n }\n"
        + " real_server 198.18.0.6 80 {\n  MISC_CHECK {\n   misc_path /usr/bin/yes\n   misc_timeout 1\n   warmup 0\n  }\n }\n"
        + " real_server 127.0.0.1 " + tcp.actualPort() + " {\n  TCP_CHECK {\n   warmup 0\n  }\n }\n}\n");
    LinkedBlockingQueue<io.vertalived.core.bus.CheckResult> results = CheckerUnderTest.start(vertx, conf).results;

    java.util.Map<String, Integer> timeouts = new java.util.HashMap<>();
    java.util.List<java.time.Instant> tcpTimes = new java.util.ArrayList<>();
    while (tcpTimes.size() < 15 || timeouts.getOrDefault("198.18.0.5:80", 0) < 3 || timeouts.getOrDefault("198.18.0.6:80", 0) < 3) {
      var r = results.poll(10, TimeUnit.SECONDS);
      assertNotNull(r, "results stopped coming: " + timeouts + ", " + tcpTimes.size() + " TCP results");
      if (r.checkType().equals("TCP_CHECK")) {
        assertTrue(r.up(), r.reason());
        tcpTimes.add(r.timestamp());
      } else {
        assertFalse(r.up());
        assertTrue(r.reason().matches("MISC_CHECK script timed out after 1\\d\\d\\d ms"), r.reason());
        timeouts.merge(r.realServer(), 1, Integer::sum);
      }
    }
    for (int i = 1; i < tcpTimes.size(); i++) {
      long gapMs = java.time.Duration.between(tcpTimes.get(i - 1), tcpTimes.get(i)).toMillis();
      assertTrue(gapMs < 1_000, "TCP_CHECK off its 200 ms schedule: " + gapMs + " ms between results");
    }
  }
}
