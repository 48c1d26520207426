package io.vertalived.launcher;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.Bus;
import io.vertalived.core.bus.ConfigReloaded;
import io.vertalived.core.bus.EmptyQuery;
import io.vertalived.core.bus.NodeInfo;
import io.vertalived.core.bus.ReloadRequest;
import io.vertalived.core.config.ConfigLoader;
import io.vertalived.core.config.parse.Diagnostic;
import io.vertalived.core.net.LibC;
import io.vertalived.core.service.ReloadPolicy;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code vertalived reload}: checks the {@code -f} file first (its problems printed as {@code -t}
 * prints them; one that would be refused is not sent: exit 5), then has the running node reload
 * it: with {@code --cluster}, every process of that node over the bus
 * ({@link Addresses#CONFIG_RELOAD}), printing each outcome; otherwise over the node's local control
 * socket ({@link ControlSocket}) when it has one, else SIGHUP to the pid in the pid file
 * ({@code -p}). Exit 0 when done, 1 when refused or unreachable.
 */
final class ReloadCommand {
  private static final int SIGHUP = 1;
  private static final long REPLY_TIMEOUT_MS = 60_000;

  private ReloadCommand() {}

  static int run(CliOptions o, ConfigLoader.Result result, PrintStream out, PrintStream err) {
    for (Diagnostic d : result.diagnostics()) {
      err.println(d.render());
    }
    boolean strict = result.config() != null && result.config().global().reloadCheckConfig();
    if (result.config() == null || result.diagnostics().stream().anyMatch(d -> ReloadPolicy.blocks(d, strict))) {
      err.println("vertalived: " + o.configFile + " has problems: not reloaded (the running configuration stays)");
      return 5;
    }
    String node = o.node != null ? o.node : result.config().global().routerId();
    if (o.cluster) {
      return overTheBus(o, node, out, err);
    }
    if (java.nio.file.Files.exists(ControlSocket.path(o.controlSocket, node))) {
      return ControlCommand.local(o, node, out, err);
    }
    long pid;
    try {
      pid = PidFile.read(o.pidFile);
    } catch (java.io.IOException e) {
      err.println("vertalived: " + e.getMessage());
      return 1;
    }
    if (LibC.kill((int) pid, SIGHUP) != 0) {
      err.println("vertalived: cannot signal pid " + pid + " (" + LibC.lastError() + ")");
      return 1;
    }
    out.println("SIGHUP sent to vertalived (pid " + pid + "); its log says what the reload changed");
    return 0;
  }

  private static int overTheBus(CliOptions o, String node, PrintStream out, PrintStream err) {
    Vertx vertx = ControlCommand.join(o, err);
    if (vertx == null) {
      return 1;
    }
    try {
      List<NodeInfo> processes = ControlCommand.retrying(vertx, () -> Bus.request(vertx, Addresses.NODE_DIRECTORY,
              EmptyQuery.INSTANCE, 5_000).map(d -> d.nodes().stream().filter(n -> n.node().equals(node)).toList())
          .compose(l -> l.isEmpty() ? io.vertx.core.Future.failedFuture("no process of node '" + node + "'")
              : io.vertx.core.Future.succeededFuture(l)))
          .await(20, TimeUnit.SECONDS);
      boolean all = true;
      for (NodeInfo p : processes) {
        ConfigReloaded r = Bus.request(vertx, Addresses.CONFIG_RELOAD, p.member(), new ReloadRequest("command"),
            REPLY_TIMEOUT_MS).await(REPLY_TIMEOUT_MS + 5_000, TimeUnit.MILLISECONDS);
        out.println(ControlRequests.reloaded(node + " (" + String.join(",", p.services()) + ", pid " + p.pid() + ")", r));
        all &= r.accepted();
      }
      return all ? 0 : 1;
    } catch (Exception e) {
      Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
      err.println("vertalived: reload of node '" + node + "' in cluster " + o.clusterSettings.name() + ": " + cause.getMessage());
      return 1;
    } finally {
      ControlCommand.leave(vertx);
    }
  }
}
