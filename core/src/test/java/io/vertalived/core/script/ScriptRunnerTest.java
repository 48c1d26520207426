package io.vertalived.core.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertalived.core.config.model.ScriptCommand;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ScriptRunnerTest {
  private ScriptRunner runner;

  @BeforeEach
  void setUp(Vertx vertx) {
    runner = new ScriptRunner(vertx, "test-scripts", 2, null, null);
  }

  @AfterEach
  void tearDown() {
    runner.close();
  }

  private static ScriptCommand cmd(String line) {
    return ScriptCommand.parse(line, null, null);
  }

  @Test
  void argumentsArePassedWithoutAShell() {
    ScriptResult r = runner.runBlocking(cmd("/bin/echo 'a  b' $HOME | c"), List.of("INSTANCE", "VI_1"), 5000);
    assertTrue(r.succeeded(), r.describe());
    assertEquals("a  b $HOME | c INSTANCE VI_1\n", r.output());
  }

  @Test
  void exitCodesAndMissingProgramsAreReported() {
    assertEquals(3, runner.runBlocking(cmd("/bin/sh -c 'exit 3'"), List.of(), 5000).exitCode());
    ScriptResult missing = runner.runBlocking(cmd("/nonexistent/script"), List.of(), 5000);
    assertFalse(missing.succeeded());
    assertTrue(missing.describe().startsWith("cannot run /nonexistent/script"), missing.describe());
  }

  @Test
  void aHangingScriptAndItsChildrenAreKilledAtTheTimeout() {
    ScriptResult r = runner.runBlocking(cmd("/bin/sh -c 'sleep 600 & echo $! ; sleep 600'"), List.of(), 300);
    assertTrue(r.timedOut());
    // stderr is part of the output: the shell may add "Terminated" when its child is killed first
    long child = Long.parseLong(r.output().lines().findFirst().orElse("").strip());
    assertFalse(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "the background child is gone too");
  }

  @Test
  void aFloodingScriptIsBounded() {
    ScriptResult r = runner.runBlocking(cmd("/usr/bin/yes"), List.of(), 500);
    assertTrue(r.timedOut());
    assertEquals(ScriptRunner.MAX_OUTPUT, r.output().length());
  }

  @Test
  void dangerousEnvironmentIsRemoved() {
    ScriptResult r = runner.runBlocking(cmd("/usr/bin/env"), List.of(), 5000);
    assertFalse(r.output().contains("LD_PRELOAD="));
    assertFalse(r.output().lines().anyMatch(l -> l.startsWith("IFS=")));
  }

  @Test
  void runsAsTheScriptUser() {
    assumeTrue("root".equals(System.getProperty("user.name")), "skipped: needs root to change user");
    ScriptResult r = runner.runBlocking(ScriptCommand.parse("/usr/bin/id -un", "nobody", "nogroup"), List.of(), 5000);
    assertTrue(r.succeeded(), r.describe() + r.output());
    assertEquals("nobody", r.output().strip());
  }

  @Test
  void asynchronousRunsStayOffTheEventLoop(Vertx vertx, VertxTestContext ctx) {
    vertx.runOnContext(v -> runner.run(cmd("/bin/sh -c 'echo $$'"), List.of(), 5000).onComplete(ctx.succeeding(r ->
        ctx.verify(() -> {
          assertTrue(r.succeeded());
          assertNotEquals("", r.output().strip());
          ctx.completeNow();
        }))));
  }
}
