package io.vertalived.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./vertalived demo} end to end, as a newcomer runs it: up (routers, web servers and sink in namespaces,
 * five JVMs in one cluster), requests through the virtual address answered by both web servers; {@code demo fail
 * r1} moves the address to r2 (the SSE stream shows it, the requests still get answers, the sink gets r2's webhook);
 * {@code demo recover r1} gives it back; {@code demo fail web1} leaves web2 alone behind the address; a service that
 * crashes is said; Ctrl-C ends it and nothing it made is left. A demo killed with -9 while it starts is cleaned by
 * {@code demo down}.
 */
class DemoIT {
  @TempDir
  Path dir;

  @Test
  void upFailRecoverAndCtrlCLeaveNothing() throws Exception {
    assumeTrue(DemoRun.root(), "skipped: the demo needs root (network namespaces)");
    try (DemoRun demo = new DemoRun(dir, Map.of()); SseFollower stream = new SseFollower()) {
      demo.startReady();
      assertTrue(demo.saidLine("demo:   dashboard     " + demo.gateway(1) + "/"), demo.said());
      assertTrue(demo.saidLine("demo:   events (SSE)  curl -N " + demo.gateway(1) + "/api/events"), demo.said());
      List<String> up = demo.requests(4);
      assertEquals(2, up.stream().filter("web1"::equals).count(), up.toString());
      assertEquals(2, up.stream().filter("web2"::equals).count(), up.toString());
      demo.followCaughtUp(stream, 1);
      assertTrue(stream.transitions("r1", "BACKUP", "MASTER") >= 1, stream.toString());
      // at start r2 may have been MASTER for a moment (the routers start one after the other): counted from here
      long r1Master = stream.transitions("r1", "BACKUP", "MASTER");
      long r2Master = stream.transitions("r2", "BACKUP", "MASTER");
      long r2Backup = stream.transitions("r2", "MASTER", "BACKUP");

      // r1 crashes: r2 takes the address, the requests still get answers, the sink gets r2's signed webhook
      long beforeFail = stream.lastId();
      ProcessResult fail = demo.run("fail", "r1");
      assertEquals(0, fail.exitCode(), fail.output());
      assertTrue(fail.output().contains("demo: r1 crashed: its JVM killed, its links down"), fail.output());
      Netns.await(() -> "the stream shows r2 MASTER\n" + stream, 15_000, () -> stream.transitions("r2", "BACKUP", "MASTER") == r2Master + 1);
      Netns.await(() -> "the demo's terminal shows it\n" + demo.said(), 10_000,
          () -> demo.saidLine("demo: event: r2 VI_1 BACKUP -> MASTER"));
      Netns.await(() -> "both web servers answer through r2\n" + demo.requests(2), 10_000,
          () -> demo.requests(2).containsAll(List.of("web1", "web2")));
      Netns.await(() -> "the sink receives r2's webhook\n" + demo.sink(), 15_000,
          () -> demo.sinkHasWebhook("r2", "BACKUP", "MASTER", beforeFail));

      // r1 comes back and preempts (priority 150)
      ProcessResult recover = demo.run("recover", "r1");
      assertEquals(0, recover.exitCode(), recover.output());
      Netns.await(() -> "r1 MASTER again, r2 BACKUP\n" + stream, 60_000,
          () -> stream.transitions("r1", "BACKUP", "MASTER") == r1Master + 1
              && stream.transitions("r2", "MASTER", "BACKUP") == r2Backup + 1);
      Netns.await(() -> "both web servers answer through r1 again\n" + demo.requests(2), 10_000,
          () -> demo.requests(2).containsAll(List.of("web1", "web2")));

      // a web server dies: its check fails, web2 alone answers
      long beforeWeb1 = stream.lastId();
      ProcessResult web1 = demo.run("fail", "web1");
      assertEquals(0, web1.exitCode(), web1.output());
      Netns.await(() -> "web1 is down on the stream\n" + stream, 30_000, () -> stream.events().stream().anyMatch(
          e -> e.getLong("id") > beforeWeb1 && "real_server".equals(e.getString("type"))
              && e.getString("real_server", "").contains("198.18.201.11")
              && "DOWN".equals(e.getString("to"))));
      Netns.await(() -> "the demo's terminal shows it\n" + demo.said(), 10_000,
          () -> demo.lines().stream().anyMatch(l -> l.startsWith("demo: event: real server ")
              && l.contains("198.18.201.11") && l.endsWith("UP -> DOWN")));
      Netns.await(() -> "web2 alone answers\n" + demo.requests(4), 10_000,
          () -> demo.requests(4).stream().allMatch("web2"::equals));
      ProcessResult status = demo.run("status");
      assertTrue(status.output().contains("web1 failed (demo fail)") && status.output().contains("r1 running"),
          status.output());

      // a service that crashes on its own is said
      demo.crash("checker");
      Netns.await(() -> "the demo says the checker exited\n" + demo.said(), 10_000,
          () -> demo.saidLine("demo: checker exited (see "));

      // Ctrl-C: everything goes
      ProcessResult interrupt = ProcessResult.run(null, List.of("kill", "-INT", Long.toString(demo.process().pid())));
      assertEquals(0, interrupt.exitCode(), interrupt.output());
      boolean ended = demo.process().waitFor(90, TimeUnit.SECONDS);
      assertTrue(ended, () -> "the demo ends after Ctrl-C\n" + demo.said() + "\n" + demo.inside());
      assertEquals(130, demo.process().exitValue(), demo.said());
      assertTrue(demo.saidLine("demo: ending (Ctrl-C)"), demo.said());
      demo.assertNothingLeft();
    }
  }

  @Test
  void aDemoKilledWhileItStartsIsCleanedByDown() throws Exception {
    assumeTrue(DemoRun.root(), "skipped: the demo needs root (network namespaces)");
    try (DemoRun demo = new DemoRun(dir, Map.of())) {
      demo.start();
      Netns.await(() -> "the demo starts its processes\n" + demo.said(), 120_000,
          () -> demo.saidLine("demo: started ") || !demo.process().isAlive());
      assertTrue(demo.process().isAlive(), demo.said());
      ProcessResult again = demo.run();
      assertEquals(1, again.exitCode(), again.output());
      assertTrue(again.output().contains("a demo runs already (pid " + demo.process().pid() + ")"), again.output());
      demo.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      ProcessResult down = demo.run("down");
      assertEquals(0, down.exitCode(), down.output());
      assertTrue(down.output().contains("demo: down: nothing left"), down.output());
      demo.assertNothingLeft();
      ProcessResult none = demo.run("fail", "r1");
      assertEquals(1, none.exitCode(), none.output());
      assertTrue(none.output().contains("no demo runs"), none.output());
    }
  }
}
