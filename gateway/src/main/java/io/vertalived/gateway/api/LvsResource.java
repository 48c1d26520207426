package io.vertalived.gateway.api;

import io.vertalived.core.bus.CheckResult;
import io.vertalived.core.bus.RealServerState;
import io.vertalived.core.config.model.RealServer;
import io.vertalived.core.config.model.VirtualServer;
import io.vertalived.core.service.ServiceContext;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The LVS side of the API: every virtual server with its real servers' health and weight (the
 * checkers' picture, cluster-wide), the last result of each check with its reason and latency,
 * and the quorum as the running configuration sets it (docs/api.md).
 */
final class LvsResource {
  private final ClusterView cluster;
  private final Supplier<ServiceContext> config;

  LvsResource(ClusterView cluster, Supplier<ServiceContext> config) {
    this.cluster = cluster;
    this.config = config;
  }

  /** {@code GET /api/virtual-servers}. */
  void list(RoutingContext rc) {
    var states = cluster.realServers();
    var checks = cluster.checks();
    Future.all(states, checks).onComplete(ar -> {
      if (ar.failed()) {
        Responses.fail(rc, ar.cause());
        return;
      }
      Responses.ok(rc, new JsonObject().put("virtualServers",
          virtualServers(config.get().config().virtualServers(), states.result().realServers(), checks.result().checks())));
    });
  }

  /**
   * The virtual servers of the configuration, then any other the checkers report (a node with
   * another configuration), each with its real servers in configuration order.
   */
  static JsonArray virtualServers(List<VirtualServer> configured, List<RealServerState> states, List<CheckResult> checks) {
    Map<String, Map<String, RealServerState>> stateOf = new TreeMap<>();
    states.forEach(s -> stateOf.computeIfAbsent(s.virtualServer(), k -> new TreeMap<>()).put(s.realServer(), s));
    Map<String, List<CheckResult>> checksOf = new TreeMap<>();
    checks.forEach(c -> checksOf.computeIfAbsent(c.virtualServer() + "/" + c.realServer(), k -> new ArrayList<>()).add(c));
    Map<String, JsonObject> out = new LinkedHashMap<>();
    for (VirtualServer vs : configured) {
      Map<String, RealServerState> seen = stateOf.getOrDefault(vs.label(), Map.of());
      JsonArray rss = new JsonArray();
      int aliveWeight = 0;
      for (RealServer rs : vs.realServers()) {
        RealServerState s = seen.get(rs.endpoint());
        rss.add(realServer(vs.label(), rs.endpoint(), rs.weight(), s, checksOf));
        aliveWeight += s != null && s.alive() ? s.weight() : 0;
      }
      JsonObject o = new JsonObject().put("virtualServer", vs.label()).put("lbAlgo", vs.lbAlgo()).put("lbKind", vs.lbKind())
          .put("quorum", vs.quorum()).put("hysteresis", vs.hysteresis()).put("aliveWeight", aliveWeight)
          .put("realServers", rss);
      // keepalived.conf(5) quorum/hysteresis: up at quorum + hysteresis, down below quorum - hysteresis;
      // in between it depends on the history the ipvs service keeps, so it is not said here
      if (aliveWeight >= vs.quorum() + vs.hysteresis()) {
        o.put("quorumUp", true);
      } else if (aliveWeight < vs.quorum() - vs.hysteresis()) {
        o.put("quorumUp", false);
      }
      out.put(vs.label(), o);
    }
    stateOf.forEach((label, rss) -> {
      if (!out.containsKey(label)) {
        JsonArray list = new JsonArray();
        rss.forEach((endpoint, s) -> list.add(realServer(label, endpoint, null, s, checksOf)));
        out.put(label, new JsonObject().put("virtualServer", label).put("realServers", list));
      }
    });
    return new JsonArray(List.copyOf(out.values()));
  }

  private static JsonObject realServer(String vs, String endpoint, Integer configuredWeight, RealServerState s,
                                       Map<String, List<CheckResult>> checksOf) {
    JsonObject o = new JsonObject().put("realServer", endpoint);
    if (configuredWeight != null) {
      o.put("configuredWeight", configuredWeight);
    }
    if (s != null) {
      o.put("alive", s.alive()).put("weight", s.weight()).put("drained", s.drained()).put("reason", s.reason())
          .put("since", s.timestamp().toString());
    } else {
      o.put("alive", false).put("weight", 0).put("reason", "no checker reported it yet");
    }
    JsonArray checks = new JsonArray();
    for (CheckResult c : checksOf.getOrDefault(vs + "/" + endpoint, List.of()).stream()
        .sorted(java.util.Comparator.comparing(CheckResult::checkId)).toList()) {
      checks.add(new JsonObject().put("checkId", c.checkId()).put("checkType", c.checkType()).put("up", c.up())
          .put("reason", c.reason()).put("latencyMillis", c.latencyMillis()).put("timestamp", c.timestamp().toString())
          .put("checker", c.checker()));
    }
    return o.put("checks", checks);
  }
}
