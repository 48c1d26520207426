package io.vertalived.launcher;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.cluster.ClusterBootstrap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;

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

  static int run(CliOptions o, String node, PrintStream out, PrintStream err) {
    Vertx vertx;
    try {
      vertx = ClusterBootstrap.startClustered(o.clusterSettings, true).await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      err.println("vertalived: cannot join cluster " + o.clusterSettings.name() + ": " + e.getMessage());
      return 1;
    }
    try {
      if (o.command.equals("status")) {
        return status(vertx, o, node, out);
      }
      JsonObject body = new JsonObject().put("command", o.command).put("instance", o.commandInstance);
      Message<JsonObject> reply = request(vertx, Addresses.vrrpCommand(node), body, System.nanoTime())
          .await(REPLY_TIMEOUT_MS + FIND_SERVICE_MS + 5_000, TimeUnit.MILLISECONDS);
      JsonObject r = reply.body();
      out.println(r.getString("outcome"));
      return o.command.equals("handover") && !r.getBoolean("handedOver", false) ? 1 : 0;
    } catch (Exception e) {
      Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
      if (cause instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS) {
        err.println("vertalived: no VRRP service of node '" + node + "' in cluster " + o.clusterSettings.name());
      } else {
        err.println("vertalived: " + o.command + " " + o.commandInstance + ": " + cause.getMessage());
      }
      return 1;
    } finally {
      try {
        vertx.close().await(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        // leaving the cluster is best effort; the process ends anyway
      }
    }
  }

  /** Prints {@code {"status": [...], "stats": [...]}} of the node's instances (or the one named). */
  private static int status(Vertx vertx, CliOptions o, String node, PrintStream out) throws Exception {
    JsonObject body = o.commandInstance == null ? new JsonObject() : new JsonObject().put("instance", o.commandInstance);
    long started = System.nanoTime();
    JsonObject status = request(vertx, Addresses.vrrpStatus(node), body, started)
        .await(FIND_SERVICE_MS + 5_000, TimeUnit.MILLISECONDS).body();
    JsonObject stats = request(vertx, Addresses.vrrpStats(node), body, started)
        .await(FIND_SERVICE_MS + 5_000, TimeUnit.MILLISECONDS).body();
    out.println(new JsonObject().put("status", status.getJsonArray("instances"))
        .put("stats", stats.getJsonArray("instances")).encodePrettily());
    return 0;
  }

  /** Retries while the bus does not know the address yet (registrations reach a new member late). */
  private static Future<Message<JsonObject>> request(Vertx vertx, String address, JsonObject body, long started) {
    return vertx.eventBus().<JsonObject>request(address, body, new DeliveryOptions().setSendTimeout(REPLY_TIMEOUT_MS))
        .recover(e -> {
          boolean unknown = e instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS;
          if (unknown && System.nanoTime() - started < FIND_SERVICE_MS * 1_000_000) {
            Future<Void> pause = Future.future(p -> vertx.setTimer(200, t -> p.complete()));
            return pause.compose(v -> request(vertx, address, body, started));
          }
          return Future.failedFuture(e);
        });
  }
}
