package io.vertalived.checker.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertalived.core.bus.CheckResult;
import io.vertalived.core.bus.RealServerState;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * PING_CHECK against real hosts: 127.0.0.1, and 198.18.9.2 in a network namespace the test
 * makes (a veth pair from this namespace, 198.18.9.1/30). While the namespace ignores echo
 * requests ({@code net.ipv4.icmp_echo_ignore_all}, a per-namespace setting) the real server goes
 * DOWN with the reason; when it answers again it comes back UP. Needs root (the namespace and
 * the raw ICMP socket).
 */
@ExtendWith(VertxExtension.class)
class PingCheckTest {
  private final String ns = "vtlping" + ProcessHandle.current().pid();
  private final String veth = "vp" + ProcessHandle.current().pid();
  private boolean made;

  @TempDir
  Path dir;

  private static void run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", cmd) + ": " + out.strip());
    }
  }

  private void echoIgnored(boolean ignored) throws IOException, InterruptedException {
    run("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv4.icmp_echo_ignore_all=" + (ignored ? 1 : 0));
  }

  @AfterEach
  void removeNamespace() throws Exception {
    if (made) {
      run("ip", "netns", "del", ns); // takes the veth pair with it
    }
  }

  @Test
  void upWhileEchoedDownWithTheReasonWhileIgnoredAndUpAgain(Vertx vertx, VertxTestContext ctx) throws Exception {
    assumeTrue(new com.sun.security.auth.module.UnixSystem().getUid() == 0, "skipped: PING_CHECK test needs root (netns, raw ICMP)");
    run("ip", "netns", "add", ns);
    made = true;
    run("ip", "link", "add", veth + "a", "type", "veth", "peer", "name", veth + "b", "netns", ns);
    run("ip", "addr", "add", "198.18.9.1/30", "dev", veth + "a");
    run("ip", "link", "set", veth + "a", "up");
    run("ip", "-n", ns, "addr", "add", "198.18.9.2/30", "dev", veth + "b");
    run("ip", "-n", ns, "link", "set", veth + "b", "up");
    run("ip", "-n", ns, "link", "set", "lo", "up");

    Path conf = dir.resolve("keepalived.conf");
    Files.writeString(conf, "virtual_server 198.18.0.1 80 {\n delay_loop 0.3\n protocol TCP\n"
        + " real_server 127.0.0.1 80 {\n  PING_CHECK {\n   connect_timeout 0.5\n   warmup 0\n  }\n }\n"
        + " real_server 198.18.9.2 80 {\n  PING_CHECK {\n   connect_timeout 0.5\n   retry 1\n   delay_before_retry 0.1\n   warmup 0\n  }\n }\n}\n");
    CheckerUnderTest checker = CheckerUnderTest.start(vertx, conf);
    LinkedBlockingQueue<CheckResult> results = checker.results;
    LinkedBlockingQueue<RealServerState> states = checker.states;

    // both answer: two successful results each
    List<String> servers = List.of("127.0.0.1:80", "198.18.9.2:80");
    int[] ok = new int[2];
    while (ok[0] < 2 || ok[1] < 2) {
      CheckResult r = results.poll(10, TimeUnit.SECONDS);
      assertNotNull(r, "no result within 10 s");
      assertTrue(r.up() && r.reason().startsWith("echo reply from "), r.toString());
      ok[servers.indexOf(r.realServer())]++;
    }
    assertEquals(0, states.size(), "nothing changed: " + states);

    echoIgnored(true);
    RealServerState down = states.poll(10, TimeUnit.SECONDS);
    assertNotNull(down, "198.18.9.2 not taken down");
    assertEquals("198.18.9.2:80", down.realServer());
    assertFalse(down.alive());
    assertTrue(down.reason().contains("no echo reply from 198.18.9.2 within 500 ms"), down.reason());

    echoIgnored(false);
    RealServerState up = states.poll(10, TimeUnit.SECONDS);
    assertNotNull(up, "198.18.9.2 not back up");
    assertEquals("198.18.9.2:80", up.realServer());
    assertTrue(up.alive());
    assertEquals(0, states.size(), "127.0.0.1 stayed up: " + states);
    ctx.completeNow();
  }
}
