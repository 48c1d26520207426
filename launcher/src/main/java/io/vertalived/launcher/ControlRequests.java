package io.vertalived.launcher;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.Bus;
import io.vertalived.core.bus.ConfigReloaded;
import io.vertalived.core.bus.InstanceQuery;
import io.vertalived.core.bus.InstanceStatsList;
import io.vertalived.core.bus.InstanceStatusList;
import io.vertalived.core.bus.RecordJson;
import io.vertalived.core.bus.VrrpCommand;
import io.vertalived.core.service.Suite;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What the control commands ask of a node's services, the same over the cluster and over the
 * local {@link ControlSocket}: {@code status} (the VRRP service's state and keepalived's
 * counters, as JSON), {@code handover} and {@code resume-preempt} (the VRRP service's commands),
 * {@code reload} (the node's suite, on the local socket).
 */
final class ControlRequests {
  /** The longest handover (v2, 1 s adverts: Master_Down_Interval of priority 1) with margin. */
  static final long COMMAND_TIMEOUT_MS = 60_000;

  private ControlRequests() {}

  /** {@code {"status": [...], "stats": [...]}} of the node's instances (or the one named). */
  static Future<String> status(Vertx vertx, String node, String instance) {
    InstanceQuery q = new InstanceQuery(instance);
    Future<InstanceStatusList> status = Bus.request(vertx, Addresses.VRRP_STATUS, node, q, 5_000);
    Future<InstanceStatsList> stats = status.compose(s -> Bus.request(vertx, Addresses.VRRP_STATS, node, q, 5_000));
    return stats.map(c -> {
      InstanceStatusList s = status.result();
      JsonArray a = new JsonArray();
      s.instances().forEach(i -> a.add(RecordJson.encode(i)));
      JsonArray b = new JsonArray();
      c.instances().forEach(i -> b.add(RecordJson.encode(i)));
      return new JsonObject().put("status", a).put("stats", b).encodePrettily();
    });
  }

  /** A handover or resume-preempt: its outcome, exit 1 when a handover did not happen. */
  static Future<ControlSocket.Reply> vrrp(Vertx vertx, String node, String command, String instance) {
    return Bus.request(vertx, Addresses.VRRP_COMMAND, node, new VrrpCommand(command, instance), COMMAND_TIMEOUT_MS)
        .map(r -> new ControlSocket.Reply(command.equals(VrrpCommand.HANDOVER) && !r.handedOver() ? 1 : 0,
            r.outcome(), ""));
  }

  /** One process's reload outcome, as the reload command prints it. */
  static String reloaded(String who, ConfigReloaded r) {
    return who + (r.accepted() ? ": reloaded" + (r.changes().isEmpty() ? ", nothing changed"
        : ": " + String.join("; ", r.changes())) : ": refused: " + String.join("; ", r.changes()));
  }

  /** The local socket's handler for the node this process runs. */
  static ControlSocketServer.Handler local(Vertx vertx, String node, Suite suite) {
    return (command, instance) -> {
      Future<ControlSocket.Reply> reply = switch (command) {
        case "status" -> status(vertx, node, instance).map(ControlSocket.Reply::ok);
        case "reload" -> suite.reload("control socket").map(r -> new ControlSocket.Reply(r.accepted() ? 0 : 1,
            reloaded(node + " (pid " + ProcessHandle.current().pid() + ")", r), ""));
        default -> instance == null ? Future.succeededFuture(ControlSocket.Reply.failed(command
            + ": name the vrrp_instance")) : vrrp(vertx, node, command, instance);
      };
      return reply.recover(e -> Future.succeededFuture(ControlSocket.Reply.failed(
          e instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS
              ? "node '" + node + "' runs no VRRP instance" : command + (instance == null ? "" : " " + instance)
              + ": " + e.getMessage())));
    };
  }
}
