package io.vertalived.gateway.api;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.Bus;
import io.vertalived.core.bus.InstanceStats;
import io.vertalived.core.bus.RecordJson;
import io.vertalived.core.bus.VrrpCommand;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The VRRP side of the API: every node's instances (state, base and effective priority, master,
 * VIPs, sync group, trackers, keepalived's counters), the sync groups, and the handover commands
 * (docs/api.md).
 */
final class VrrpResource {
  private final ClusterView cluster;

  VrrpResource(ClusterView cluster) {
    this.cluster = cluster;
  }

  /** {@code GET /api/instances?node=&state=}. */
  void list(RoutingContext rc) {
    String node = rc.queryParams().get("node");
    String state = rc.queryParams().get("state");
    cluster.instances(node, null).onComplete(ar -> {
      if (ar.failed()) {
        Responses.fail(rc, ar.cause());
        return;
      }
      JsonArray out = new JsonArray();
      ar.result().instances().stream().filter(i -> state == null || state.equals(i.status().state()))
          .forEach(i -> out.add(json(i)));
      Responses.ok(rc, new JsonObject().put("instances", out).put("unreachable", new JsonArray(ar.result().unreachable())));
    });
  }

  /** {@code GET /api/instances/{node}/{instance}}. */
  void one(RoutingContext rc) {
    String node = rc.pathParam("node");
    String instance = rc.pathParam("instance");
    cluster.instancesOf(node, instance).onComplete(ar -> {
      if (ar.failed()) {
        Responses.fail(rc, ClusterView.absent(ar.cause())
            ? new ApiError(404, "not_found", "no VRRP service of node '" + node + "' in the cluster") : ar.cause());
      } else if (ar.result().isEmpty()) {
        Responses.fail(rc, new ApiError(404, "not_found", "no VRRP instance '" + instance + "' on node " + node));
      } else {
        Responses.ok(rc, json(ar.result().get(0)));
      }
    });
  }

  /** {@code GET /api/sync-groups}: one entry per node and group, its state and members. */
  void syncGroups(RoutingContext rc) {
    cluster.instances(null, null).onComplete(ar -> {
      if (ar.failed()) {
        Responses.fail(rc, ar.cause());
        return;
      }
      Map<String, JsonObject> groups = new LinkedHashMap<>();
      for (ClusterView.Instance i : ar.result().instances()) {
        var s = i.status();
        if (s.syncGroup().isEmpty()) {
          continue;
        }
        groups.computeIfAbsent(s.node() + "\u0000" + s.syncGroup(), k -> new JsonObject().put("node", s.node())
            .put("name", s.syncGroup()).put("state", s.syncGroupState()).put("instances", new JsonArray()))
            .getJsonArray("instances").add(s.instance());
      }
      Responses.ok(rc, new JsonObject().put("syncGroups", new JsonArray(List.copyOf(groups.values())))
          .put("unreachable", new JsonArray(ar.result().unreachable())));
    });
  }

  /**
   * {@code GET /api/alerts}: the split brains now, from every node's instances — MASTERs that hear
   * another router advertise their VRID, and addresses held by MASTERs of two nodes.
   */
  void alerts(RoutingContext rc) {
    cluster.instances(null, null).onComplete(ar -> {
      if (ar.failed()) {
        Responses.fail(rc, ar.cause());
        return;
      }
      JsonArray out = new JsonArray();
      List<io.vertalived.core.bus.InstanceStatus> statuses = ar.result().instances().stream()
          .map(ClusterView.Instance::status).toList();
      for (var s : statuses) {
        if (s.dualMaster()) {
          out.add(new JsonObject().put("kind", io.vertalived.core.bus.VrrpAlert.DUAL_MASTER).put("node", s.node())
              .put("instance", s.instance()).put("detail", s.instance() + " on " + s.node()
                  + " is MASTER and hears another router advertise VRID " + s.virtualRouterId()));
        }
      }
      for (var c : io.vertalived.gateway.cluster.VipConflicts.find(statuses)) {
        String first = c.holders().get(0);
        out.add(new JsonObject().put("kind", io.vertalived.core.bus.VrrpAlert.VIP_CONFLICT)
            .put("node", first.substring(0, first.indexOf('/'))).put("instance", first.substring(first.indexOf('/') + 1))
            .put("address", c.address()).put("holders", new JsonArray(c.holders())).put("detail", c.describe()));
      }
      Responses.ok(rc, new JsonObject().put("alerts", out).put("unreachable", new JsonArray(ar.result().unreachable())));
    });
  }

  /** {@code POST .../handover} and {@code .../resume-preempt}: answered when the command has ended. */
  void command(RoutingContext rc, String command) {
    String node = rc.pathParam("node");
    String instance = rc.pathParam("instance");
    Bus.request(rc.vertx(), Addresses.VRRP_COMMAND, node, new VrrpCommand(command, instance),
        GatewayLimits.COMMAND_TIMEOUT_MS).onComplete(ar -> {
          if (ar.failed()) {
            Responses.fail(rc, ClusterView.absent(ar.cause())
                ? new ApiError(404, "not_found", "no VRRP service of node '" + node + "' in the cluster") : ar.cause());
          } else if (command.equals(VrrpCommand.HANDOVER) && !ar.result().handedOver()) {
            Responses.fail(rc, new ApiError(409, "conflict", ar.result().outcome()));
          } else {
            Responses.ok(rc, RecordJson.encode(ar.result()));
          }
        });
  }

  static JsonObject json(ClusterView.Instance i) {
    JsonObject o = RecordJson.encode(i.status());
    if (i.counters() != null) {
      o.put("counters", counters(i.counters()));
    }
    return o;
  }

  private static JsonObject counters(InstanceStats s) {
    JsonObject c = RecordJson.encode(s);
    c.remove("node");
    c.remove("timestamp");
    c.remove("instance");
    return c;
  }
}
