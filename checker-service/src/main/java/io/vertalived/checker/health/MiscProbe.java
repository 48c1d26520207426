package io.vertalived.checker.health;

import io.vertalived.core.config.model.Checker;
import io.vertalived.core.script.ScriptResult;
import io.vertalived.core.script.ScriptRunner;
import io.vertx.core.Future;
import java.util.List;

/**
 * {@code MISC_CHECK} (keepalived.conf(5) Virtual server(s)): runs {@code misc_path} (no shell, as its {@code user}, killed
 * after {@code misc_timeout}) and reads its exit status: 0 up, 1 down; with {@code misc_dynamic}
 * 2..255 is up with the real server's weight set to status − 2. A signal, a timeout or any other
 * status is down.
 */
final class MiscProbe implements Probe {
  private final ScriptRunner runner;
  private final Checker.MiscCheck check;

  MiscProbe(ScriptRunner runner, Checker.MiscCheck check) {
    this.runner = runner;
    this.check = check;
  }

  /** The outcome of one run, pure. */
  static ProbeOutcome outcome(ScriptResult r, boolean dynamic) {
    int status = r.exitCode();
    if (r.timedOut() || r.failure() != null || status < 0) {
      return new ProbeOutcome(false, "MISC_CHECK script " + r.describe(), r.millis());
    }
    if (status == 0) {
      return new ProbeOutcome(true, "exit 0", r.millis());
    }
    if (dynamic && status >= 2 && status <= 255) {
      return new ProbeOutcome(true, "exit " + status + ": weight " + (status - 2), r.millis(), status - 2);
    }
    return new ProbeOutcome(false, "MISC_CHECK script exit " + status, r.millis());
  }

  @Override
  public Future<ProbeOutcome> probe() {
    long timeout = Math.max(1, Math.round(check.timeout() * 1000));
    return runner.run(check.script(), List.of(), timeout)
        .map(r -> outcome(r, check.dynamic()))
        .otherwise(e -> new ProbeOutcome(false, "MISC_CHECK script could not run: " + e.getMessage(), 0));
  }

  @Override
  public void close() {
    // the runner belongs to the verticle
  }
}
