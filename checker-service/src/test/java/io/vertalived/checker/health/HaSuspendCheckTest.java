package io.vertalived.checker.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.Bus;
import io.vertalived.core.bus.CheckResult;
import io.vertalived.core.bus.LvsSuspension;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ha_suspend in the checker: the checks of such a virtual server do not run until a director says its address is
 * there, run while one does, and stop again when it says the address left; a virtual server without ha_suspend is
 * checked all along (the clock of this test: its results).
 */
class HaSuspendCheckTest {
  private static final String HA = "[198.18.0.1]:tcp:80";
  private static final String PLAIN = "[198.18.0.3]:tcp:80";

  @TempDir
  Path dir;
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void checksWaitForADirectorThatHasTheAddress() throws Exception {
    AtomicInteger haConnections = new AtomicInteger();
    NetServer ha = vertx.createNetServer().connectHandler(s -> {
      haConnections.incrementAndGet();
      s.close();
    }).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    NetServer plain = vertx.createNetServer().connectHandler(s -> s.close()).listen(0, "127.0.0.1")
        .await(10, TimeUnit.SECONDS);
    Path conf = dir.resolve("keepalived.conf");
    String check = "  TCP_CHECK {\n   connect_timeout 1\n   warmup 0\n  }\n";
    Files.writeString(conf, "global_defs {\n router_id n1\n}\n"
        + "virtual_server 198.18.0.1 80 {\n delay_loop 0.2\n protocol TCP\n ha_suspend\n"
        + " real_server 127.0.0.1 " + ha.actualPort() + " {\n" + check + " }\n}\n"
        + "virtual_server 198.18.0.3 80 {\n delay_loop 0.2\n protocol TCP\n"
        + " real_server 127.0.0.1 " + plain.actualPort() + " {\n" + check + " }\n}\n");
    CheckerUnderTest checker = CheckerUnderTest.start(vertx, conf);

    assertEquals(0, resultsOfHaWhile(checker, 5), "no director said anything: its checks wait");
    assertEquals(0, haConnections.get());

    say("r2", true);
    CheckResult r = nextOf(checker, HA);
    assertTrue(r.up(), r.reason());

    say("r2", false);
    resultsOfHaWhile(checker, 2); // a check in flight when the word came may still end
    assertEquals(0, resultsOfHaWhile(checker, 5), "the address left the director: its checks wait again");
  }

  private void say(String node, boolean active) {
    Bus.publish(vertx, Addresses.LVS_SUSPENSION, new LvsSuspension(node, "b", 1, Instant.now(), HA, active,
        active ? "198.18.0.1 is on this host" : "198.18.0.1 is not on this host"));
  }

  /** Counts the results of the ha_suspend server while the other one has {@code n} results. */
  private static int resultsOfHaWhile(CheckerUnderTest c, int n) throws InterruptedException {
    int ha = 0;
    for (int plain = 0; plain < n; ) {
      CheckResult r = c.results.poll(10, TimeUnit.SECONDS);
      assertNotNull(r, "no check result within 10 s");
      if (r.virtualServer().equals(PLAIN)) {
        plain++;
      } else {
        ha++;
      }
    }
    return ha;
  }

  private static CheckResult nextOf(CheckerUnderTest c, String vs) throws InterruptedException {
    while (true) {
      CheckResult r = c.results.poll(10, TimeUnit.SECONDS);
      assertNotNull(r, "no result of " + vs + " within 10 s");
      if (r.virtualServer().equals(vs)) {
        return r;
      }
    }
  }
}
