package io.vertalived.launcher;

import io.vertalived.core.cluster.ClusterBootstrap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code vertalived handover INSTANCE}, {@code resume-preempt INSTANCE} and {@code status
 * [INSTANCE]}: asks the node's VRRP service and prints its answer, over the node's local control
 * socket ({@link ControlSocket}), or with {@code --cluster} over the cluster bus, joined as a lite
 * member. Exit 0 when done, 1 when refused, failed or unreachable.
 */
final class ControlCommand {
  /** The longest handover (v2, 1 s adverts: Master_Down_Interval of priority 1) with margin. */
  private static final long REPLY_TIMEOUT_MS = 60_000;
  /** How long to wait for the node's VRRP service to be seen on a freshly joined bus. */
  private static final long FIND_SERVICE_MS = 10_000;

  private ControlCommand() {}

  /** Joins the cluster as a lite member for one command; null (said on {@code err}) when it cannot. */
  static Vertx join(CliOptions o, PrintStream err) {
    try {
      return ClusterBootstrap.startClustered(o.clusterSettings, true).await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      err.println("vertalived: cannot join cluster " + o.clusterSettings.name() + ": " + e.getMessage());
      return null;
    }
  }

  /** Leaves the cluster; best effort, the process ends anyway. */
  static void leave(Vertx vertx) {
    try {
      vertx.close().await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // leaving the cluster is best effort
    }
  }

  static int run(CliOptions o, String node, PrintStream out, PrintStream err) {
    if (!o.cluster) {
      return local(o, node, out, err);
    }
    Vertx vertx = join(o, err);
    if (vertx == null) {
      return 1;
    }
    try {
      ControlSocket.Reply r;
      if (o.command.equals("status")) {
        r = ControlSocket.Reply.ok(retrying(vertx, () -> ControlRequests.status(vertx, node, o.commandInstance))
            .await(FIND_SERVICE_MS + 15_000, TimeUnit.MILLISECONDS));
      } else {
        r = retrying(vertx, () -> ControlRequests.vrrp(vertx, node, o.command, o.commandInstance))
            .await(REPLY_TIMEOUT_MS + FIND_SERVICE_MS + 5_000, TimeUnit.MILLISECONDS);
      }
      return print(r, out, err);
    } catch (Exception e) {
      Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
      if (cause instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS) {
        err.println("vertalived: no VRRP service of node '" + node + "' in cluster " + o.clusterSettings.name());
      } else {
        err.println("vertalived: " + o.command + (o.commandInstance == null ? "" : " " + o.commandInstance) + ": "
            + cause.getMessage());
      }
      return 1;
    } finally {
      leave(vertx);
    }
  }

  /** Over the node's local control socket (no cluster): {@link ControlSocket}. */
  static int local(CliOptions o, String node, PrintStream out, PrintStream err) {
    try {
      return print(ControlSocket.ask(ControlSocket.path(o.controlSocket, node), node, o.command, o.commandInstance),
          out, err);
    } catch (java.io.IOException e) {
      err.println("vertalived: " + o.command + ": " + e.getMessage());
      return 1;
    }
  }

  private static int print(ControlSocket.Reply r, PrintStream out, PrintStream err) {
    if (!r.out().isEmpty()) {
      out.println(r.out());
    }
    if (!r.err().isEmpty()) {
      err.println("vertalived: " + r.err());
    }
    return r.exit();
  }

  /**
   * Retries while the bus does not know the address yet (registrations reach a new member late),
   * for {@link #FIND_SERVICE_MS}.
   */
  static <T> Future<T> retrying(Vertx vertx, Supplier<Future<T>> ask) {
    return retrying(vertx, ask, System.nanoTime());
  }

  private static <T> Future<T> retrying(Vertx vertx, Supplier<Future<T>> ask, long started) {
    return ask.get().recover(e -> {
      boolean unknown = e instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS
          || e.getMessage() != null && e.getMessage().startsWith("no process of node");
      if (unknown && System.nanoTime() - started < FIND_SERVICE_MS * 1_000_000) {
        Future<Void> pause = Future.future(p -> vertx.setTimer(200, t -> p.complete()));
        return pause.compose(v -> retrying(vertx, ask, started));
      }
      return Future.failedFuture(e);
    });
  }
}
