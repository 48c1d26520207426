package io.vertalived.gateway.api;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.Bus;
import io.vertalived.core.bus.ConfigReloaded;
import io.vertalived.core.bus.EmptyQuery;
import io.vertalived.core.bus.NodeInfo;
import io.vertalived.core.bus.ReloadRequest;
import io.vertalived.core.config.ModelJson;
import io.vertalived.core.service.ServiceContext;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The configuration side of the API: the running configuration of the gateway's process
 * ({@code vertalived -d}'s model, secrets masked), and the cluster-wide reload in two phases:
 * every process checks its file first and nothing changes anywhere if one refuses; then each
 * applies its own (docs/api.md, docs/reload.md).
 */
final class ConfigResource {
  private final ClusterView cluster;
  private final Supplier<ServiceContext> config;
  private final String member;

  ConfigResource(ClusterView cluster, Supplier<ServiceContext> config, String member) {
    this.cluster = cluster;
    this.config = config;
    this.member = member;
  }

  /** {@code GET /api/config}. */
  void get(RoutingContext rc) {
    ServiceContext ctx = config.get();
    Bus.request(rc.vertx(), Addresses.CONFIG_CURRENT, member, EmptyQuery.INSTANCE, GatewayLimits.READ_TIMEOUT_MS)
        .onComplete(ar -> {
          JsonObject body = new JsonObject().put("node", ctx.node())
              .put("files", new JsonArray(ar.succeeded() ? ar.result().files() : List.of(ctx.configFile().toString())));
          if (ar.succeeded()) {
            body.put("loaded", load(member, ar.result()));
          }
          Responses.ok(rc, body.put("config", ModelJson.toJson(ctx.config())));
        });
  }

  /** {@code POST /api/reload} with an optional {@code {"node": ...}}. */
  void reload(RoutingContext rc) {
    JsonObject body = rc.body().isEmpty() ? new JsonObject() : rc.body().asJsonObject();
    String node = body.getString("node");
    cluster.nodes().compose(all -> {
      List<NodeInfo> targets = all.stream().filter(n -> node == null || node.equals(n.node())).toList();
      if (targets.isEmpty()) {
        return Future.failedFuture(new ApiError(404, "not_found", "no process of node '" + node + "' in the cluster"));
      }
      return ask(rc, targets, true).compose(checked -> {
        List<JsonObject> refused = new ArrayList<>();
        List<String> silent = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
          Future<ConfigReloaded> f = checked.get(i);
          if (f.failed()) {
            silent.add(targets.get(i).node() + " (" + targets.get(i).member() + "): " + f.cause().getMessage());
          } else if (!f.result().accepted()) {
            refused.add(load(targets.get(i).member(), f.result()));
          }
        }
        if (!silent.isEmpty()) {
          return Future.failedFuture(new ApiError(503, "unavailable", "nothing was reloaded: no answer to the check from "
              + String.join(", ", silent)));
        }
        if (!refused.isEmpty()) {
          return Future.failedFuture(new ApiError(422, "config_rejected", refused.size() + " of " + targets.size()
              + " processes refused their configuration: nothing was reloaded",
              new JsonObject().put("results", new JsonArray(refused))));
        }
        return ask(rc, targets, false).map(applied -> answer(targets, applied));
      });
    }).onComplete(ar -> {
      if (ar.failed()) {
        Responses.fail(rc, ar.cause());
      } else {
        Responses.send(rc, ar.result().getInteger("status"), ar.result().getJsonObject("body"));
      }
    });
  }

  private static Future<List<Future<ConfigReloaded>>> ask(RoutingContext rc, List<NodeInfo> targets, boolean checkOnly) {
    List<Future<ConfigReloaded>> asked = targets.stream().map(n -> Bus.request(rc.vertx(), Addresses.CONFIG_RELOAD,
        n.member(), new ReloadRequest("api", checkOnly), GatewayLimits.RELOAD_TIMEOUT_MS)).toList();
    return Future.join(asked).transform(x -> Future.succeededFuture(asked));
  }

  /** 200 when every process applied its configuration; 409 when one refused or failed in the second phase. */
  private static JsonObject answer(List<NodeInfo> targets, List<Future<ConfigReloaded>> applied) {
    JsonArray results = new JsonArray();
    List<String> failed = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      Future<ConfigReloaded> f = applied.get(i);
      NodeInfo n = targets.get(i);
      if (f.succeeded()) {
        results.add(load(n.member(), f.result()));
        if (!f.result().accepted()) {
          failed.add(n.node() + " (" + n.member() + ") refused it");
        }
      } else {
        results.add(new JsonObject().put("node", n.node()).put("member", n.member()).put("accepted", false)
            .put("problems", new JsonArray().add(f.cause().getMessage())));
        failed.add(n.node() + " (" + n.member() + "): " + f.cause().getMessage());
      }
    }
    if (failed.isEmpty()) {
      return new JsonObject().put("status", 200).put("body", new JsonObject().put("results", results));
    }
    return new JsonObject().put("status", 409).put("body", new JsonObject().put("code", "reload_partial")
        .put("message", "the check passed but " + String.join("; ", failed) + " (a file changed between check and"
            + " reload?); the others applied theirs").put("results", results));
  }

  static JsonObject load(String member, ConfigReloaded r) {
    return new JsonObject().put("node", r.node()).put("member", member).put("accepted", r.accepted())
        .put("trigger", r.trigger()).put("files", new JsonArray(r.files())).put("problems", new JsonArray(r.problems()))
        .put("changes", new JsonArray(r.changes())).put("vrrpInstances", r.vrrpInstances())
        .put("virtualServers", r.virtualServers());
  }
}
