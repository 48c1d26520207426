package io.vertalived.launcher;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.Bus;
import io.vertalived.core.bus.InstanceQuery;
import io.vertalived.core.bus.InstanceStatsList;
import io.vertalived.core.bus.InstanceStatusList;
import io.vertalived.core.bus.RecordJson;
import io.vertalived.core.bus.VrrpCommand;
import io.vertalived.core.bus.VrrpCommandOutcome;
import io.vertalived.core.cluster.ClusterBootstrap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code vertalived handover INSTANCE}, {@code resume-preempt INSTANCE} and {@code status
 * [INSTANCE]}: joins the cluster as a lite member, asks the node's VRRP service and prints its
 * answer. Exit 0 when done, 1 when refused, failed or unreachable.
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
    Vertx vertx = join(o, err);
    if (vertx == null) {
      return 1;
    }
    try {
      if (o.command.equals("status")) {
        return status(vertx, o, node, out);
      }
      VrrpCommand command = new VrrpCommand(o.command, o.commandInstance);
      VrrpCommandOutcome r = retrying(vertx, () -> Bus.request(vertx, Addresses.VRRP_COMMAND, node, command, REPLY_TIMEOUT_MS))
          .await(REPLY_TIMEOUT_MS + FIND_SERVICE_MS + 5_000, TimeUnit.MILLISECONDS);
      out.println(r.outcome());
      return o.command.equals(VrrpCommand.HANDOVER) && !r.handedOver() ? 1 : 0;
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

  /** Prints {@code {"status": [...], "stats": [...]}} of the node's instances (or the one named). */
  private static int status(Vertx vertx, CliOptions o, String node, PrintStream out) throws Exception {
    InstanceQuery q = new InstanceQuery(o.commandInstance);
    InstanceStatusList status = retrying(vertx, () -> Bus.request(vertx, Addresses.VRRP_STATUS, node, q, 5_000))
        .await(FIND_SERVICE_MS + 5_000, TimeUnit.MILLISECONDS);
    InstanceStatsList stats = retrying(vertx, () -> Bus.request(vertx, Addresses.VRRP_STATS, node, q, 5_000))
        .await(FIND_SERVICE_MS + 5_000, TimeUnit.MILLISECONDS);
    JsonArray s = new JsonArray();
    status.instances().forEach(i -> s.add(RecordJson.encode(i)));
    JsonArray c = new JsonArray();
    stats.instances().forEach(i -> c.add(RecordJson.encode(i)));
    out.println(new JsonObject().put("status", s).put("stats", c).encodePrettily());
    return 0;
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
