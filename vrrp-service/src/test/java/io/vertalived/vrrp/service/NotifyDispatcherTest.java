package io.vertalived.vrrp.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertalived.core.config.model.NotifyScripts;
import io.vertalived.core.config.model.ScriptCommand;
import io.vertalived.core.script.ScriptRunner;
import io.vertalived.vrrp.protocol.VrrpState;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.BufferedReader;
import java.io.FileReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Notify scripts with keepalived's arguments, in transition order, and the FIFO lines. */
@ExtendWith(VertxExtension.class)
class NotifyDispatcherTest {
  @TempDir
  Path dir;

  private ScriptCommand appender(Path log, String tag) {
    return ScriptCommand.parse("/bin/sh -c 'echo " + tag + " \"$@\" >> " + log + "' sh", null, null);
  }

  @Test
  void scriptsRunInOrderWithKeepalivedsArguments(Vertx vertx, VertxTestContext ctx) {
    Path log = dir.resolve("notify.log");
    NotifyScripts scripts = new NotifyScripts(appender(log, "master"), appender(log, "backup"),
        appender(log, "fault"), appender(log, "stop"), null, null, appender(log, "notify"));
    ScriptRunner runner = new ScriptRunner(vertx, "notify-test", 4, null, null);
    NotifyDispatcher d = new NotifyDispatcher("INSTANCE", "VI_1", scripts, runner, List.of());
    d.transition(VrrpState.BACKUP, 100);
    d.transition(VrrpState.MASTER, 100);
    d.transition(VrrpState.FAULT, 90);
    d.transition(VrrpState.STOP, 90).onComplete(ctx.succeeding(x -> ctx.verify(() -> {
      assertEquals(List.of("backup", "notify INSTANCE VI_1 BACKUP 100", "master", "notify INSTANCE VI_1 MASTER 100",
          "fault", "notify INSTANCE VI_1 FAULT 90", "stop", "notify INSTANCE VI_1 STOP 90"), Files.readAllLines(log));
      runner.close();
      ctx.completeNow();
    })));
  }

  @Test
  void aSyncGroupMemberLeavesTransitionsIntoTheGroupsStateToTheGroup(Vertx vertx, VertxTestContext ctx) {
    Path log = dir.resolve("member.log");
    NotifyScripts scripts = new NotifyScripts(null, null, null, null, null, null, appender(log, "notify"));
    ScriptRunner runner = new ScriptRunner(vertx, "notify-test3", 1, null, null);
    NotifyDispatcher d = new NotifyDispatcher("INSTANCE", "VI_2", scripts, runner, List.of());
    VrrpState[] group = {VrrpState.BACKUP};
    d.memberOf(() -> group[0]);
    d.transition(VrrpState.BACKUP, 100);   // the first is always sent
    group[0] = VrrpState.MASTER;
    d.transition(VrrpState.MASTER, 100);   // the group is MASTER already: its notify says it
    d.transition(VrrpState.FAULT, 100).onComplete(ctx.succeeding(x -> ctx.verify(() -> {
      assertEquals(List.of("notify INSTANCE VI_2 BACKUP 100", "notify INSTANCE VI_2 FAULT 100"), Files.readAllLines(log));
      runner.close();
      ctx.completeNow();
    })));
  }

  @Test
  void fifoGetsOneKeepalivedLinePerTransitionInOrder(Vertx vertx, VertxTestContext ctx) throws Exception {
    Path fifo = dir.resolve("vrrp.fifo");
    FifoWriter writer = new FifoWriter(vertx, fifo.toString());
    ScriptRunner runner = new ScriptRunner(vertx, "notify-test2", 1, null, null);
    NotifyDispatcher d = new NotifyDispatcher("INSTANCE", "VI_1", NotifyScripts.NONE, runner, List.of(writer));
    d.transition(VrrpState.BACKUP, 100);
    d.transition(VrrpState.MASTER, 100);
    writer.write("END").onComplete(ctx.succeeding(x -> vertx.executeBlocking(() -> {
      List<String> lines = new ArrayList<>();
      try (BufferedReader r = new BufferedReader(new FileReader(fifo.toFile()))) {
        String line;
        while ((line = r.readLine()) != null && !line.equals("END")) {
          lines.add(line);
        }
      }
      return lines;
    }).onComplete(ctx.succeeding(lines -> ctx.verify(() -> {
      assertEquals(List.of("INSTANCE \"VI_1\" BACKUP 100", "INSTANCE \"VI_1\" MASTER 100"), lines);
      writer.close();
      runner.close();
      ctx.completeNow();
    })))));
  }
}
