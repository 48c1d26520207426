package io.vertalived.gateway.api;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.Bus;
import io.vertalived.core.bus.CheckResult;
import io.vertalived.core.bus.RealServerCommand;
import io.vertalived.core.bus.RealServerState;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /api/virtual-servers/{vs}/real-servers/{rs}/drain|enable|check}: passed to the
 * checker instance that owns the real server ({@link Addresses#REAL_SERVER_COMMAND}).
 */
final class RealServerActions {
  private final Vertx vertx;

  RealServerActions(Vertx vertx) {
    this.vertx = vertx;
  }

  void handle(RoutingContext rc) {
    RealServerCommand c = new RealServerCommand(rc.pathParam("action"), rc.pathParam("virtualServer"),
        rc.pathParam("realServer"));
    Bus.request(vertx, Addresses.REAL_SERVER_COMMAND, c, 35_000).onComplete(ar -> {
      if (ar.failed()) {
        Responses.fail(rc, ClusterView.absent(ar.cause())
            ? new ApiError(404, "not_found", "no checker runs in the cluster") : ar.cause());
        return;
      }
      JsonObject o = new JsonObject().put("virtualServer", c.virtualServer()).put("realServer", c.realServer())
          .put("action", c.action()).put("outcome", ar.result().outcome());
      RealServerState s = ar.result().state();
      if (s != null) {
        o.put("alive", s.alive()).put("weight", s.weight()).put("drained", s.drained()).put("reason", s.reason());
      }
      JsonArray checks = new JsonArray();
      for (CheckResult r : ar.result().checks()) {
        checks.add(new JsonObject().put("checkId", r.checkId()).put("checkType", r.checkType()).put("up", r.up())
            .put("reason", r.reason()).put("latencyMillis", r.latencyMillis()).put("timestamp", r.timestamp().toString()));
      }
      Responses.ok(rc, o.put("checks", checks));
    });
  }
}
