package io.vertalived.checker.track;

import io.vertalived.core.config.model.KeepalivedConfig;
import io.vertalived.core.config.model.VrrpInstance;
import io.vertalived.core.config.model.VrrpSyncGroup;
import io.vertalived.core.config.model.VrrpScript;
import io.vertalived.core.script.ScriptRunner;
import io.vertalived.core.service.ServiceContext;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Runs this node's {@code vrrp_script}s (keepalived.conf(5) VRRP script(s)): only those some instance or sync group
 * tracks, every {@code interval}, a run still going when the next is due is skipped, the
 * {@code timeout} kills it (SIGTERM, then SIGKILL), exit 0 is success. After keepalived's
 * rise/fall hysteresis each change goes to the node's {@link TrackBoard}.
 */
public final class VrrpScriptTracker extends VerticleBase {
  private static final Logger LOG = Logger.getLogger("io.vertalived.checker");
  private final ServiceContext ctx;
  private final TrackBoard board;
  private final List<Long> timers = new ArrayList<>();
  private ScriptRunner runner;

  VrrpScriptTracker(ServiceContext ctx, TrackBoard board) {
    this.ctx = ctx;
    this.board = board;
  }

  /** The scripts some instance or sync group tracks; the others never run. */
  static Set<String> trackedScripts(KeepalivedConfig c) {
    return TrackedNames.of(c, VrrpInstance::trackScripts, VrrpSyncGroup::trackScripts, c.vrrpScripts().keySet());
  }

  @Override
  public Future<?> start() {
    var g = ctx.config().global();
    String user = g.scriptUser() != null ? g.scriptUser() : g.enableScriptSecurity() ? "keepalived_script" : null;
    runner = new ScriptRunner(vertx, "vrrp-script-runner", 4, user, g.scriptGroup());
    for (String name : trackedScripts(ctx.config())) {
      schedule(ctx.config().vrrpScripts().get(name));
    }
    return Future.succeededFuture();
  }

  private void schedule(VrrpScript s) {
    ScriptHysteresis h = new ScriptHysteresis(s.rise(), s.fall(), s.initFail());
    boolean[] running = {false};
    long intervalMs = Math.max(1, Math.round(s.interval() * 1000));
    long timeoutMs = Math.max(1, Math.round(s.timeout() * 1000));
    Runnable run = () -> {
      if (running[0]) {
        LOG.info("Track script " + s.name() + " is already running, expect idle - skipping run");
        return;
      }
      running[0] = true;
      runner.run(s.script(), List.of(), timeoutMs).onComplete(ar -> {
        running[0] = false;
        boolean ok = ar.succeeded() && ar.result().succeeded();
        String why = ar.succeeded() ? ar.result().describe() : ar.cause().getMessage();
        if (h.record(ok)) {
          LOG.info("VRRP_Script(" + s.name() + ") " + (h.state() ? "succeeded" : "failed (" + why + ")"));
          board.publish("script", s.name(), h.state(), 0, why);
        }
      });
    };
    vertx.setTimer(1, t -> run.run());
    timers.add(vertx.setPeriodic(intervalMs, t -> run.run()));
  }

  @Override
  public Future<?> stop() {
    timers.forEach(vertx::cancelTimer);
    if (runner != null) {
      runner.close();
    }
    return Future.succeededFuture();
  }
}
