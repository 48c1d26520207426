package io.vertalived.gateway.api;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.Bus;
import io.vertalived.core.bus.CheckState;
import io.vertalived.core.bus.EmptyQuery;
import io.vertalived.core.bus.InstanceQuery;
import io.vertalived.core.bus.InstanceStats;
import io.vertalived.core.bus.InstanceStatus;
import io.vertalived.core.bus.NodeInfo;
import io.vertalived.core.bus.RealServerSnapshot;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The cluster as the API shows it, asked over the bus (docs/event-bus.md): the node directory,
 * each node's VRRP instances with their counters, the checkers' real servers and check results.
 * A node that does not answer in time is listed as unreachable; one that runs no VRRP service is
 * simply left out.
 */
public final class ClusterView {
  /** One instance with its counters (null when the counters did not come). */
  public record Instance(InstanceStatus status, InstanceStats counters) {}

  /** Every instance asked for, and the nodes that did not answer. */
  public record Instances(List<Instance> instances, List<String> unreachable) {}

  private final Vertx vertx;

  public ClusterView(Vertx vertx) {
    this.vertx = vertx;
  }

  public Future<List<NodeInfo>> nodes() {
    return Bus.request(vertx, Addresses.NODE_DIRECTORY, EmptyQuery.INSTANCE, GatewayLimits.READ_TIMEOUT_MS)
        .map(d -> d.nodes());
  }

  /** The node names of the directory, sorted. */
  public Future<List<String>> nodeNames() {
    return nodes().map(all -> List.copyOf(new TreeSet<>(all.stream().map(NodeInfo::node).toList())));
  }

  /** The instances of {@code node} (every node when null), or only the one named. */
  public Future<Instances> instances(String node, String instance) {
    Future<List<String>> names = node == null ? nodeNames() : Future.succeededFuture(List.of(node));
    return names.compose(nodes -> {
      Map<String, Future<List<Instance>>> asked = new TreeMap<>();
      for (String n : nodes) {
        asked.put(n, instancesOf(n, instance));
      }
      return Future.join(List.copyOf(asked.values())).transform(x -> {
        List<Instance> all = new ArrayList<>();
        List<String> unreachable = new ArrayList<>();
        asked.forEach((n, f) -> {
          if (f.succeeded()) {
            all.addAll(f.result());
          } else if (!absent(f.cause())) {
            unreachable.add(n);
          }
        });
        return Future.succeededFuture(new Instances(all, unreachable));
      });
    });
  }

  /** One node's instances with their counters; fails as the bus does (no VRRP service, timeout). */
  public Future<List<Instance>> instancesOf(String node, String instance) {
    InstanceQuery q = new InstanceQuery(instance);
    var status = Bus.request(vertx, Addresses.VRRP_STATUS, node, q, GatewayLimits.READ_TIMEOUT_MS);
    var stats = Bus.request(vertx, Addresses.VRRP_STATS, node, q, GatewayLimits.READ_TIMEOUT_MS);
    return Future.join(status, stats).transform(x -> {
      if (status.failed()) {
        return Future.failedFuture(status.cause());
      }
      Map<String, InstanceStats> counters = new TreeMap<>();
      if (stats.succeeded()) {
        stats.result().instances().forEach(s -> counters.put(s.instance(), s));
      }
      return Future.succeededFuture(status.result().instances().stream()
          .map(s -> new Instance(s, counters.get(s.instance()))).toList());
    });
  }

  /** The current state of every real server; an empty picture when no checker runs. */
  public Future<RealServerSnapshot> realServers() {
    return Bus.request(vertx, Addresses.REAL_SERVER_SNAPSHOT, EmptyQuery.INSTANCE, GatewayLimits.READ_TIMEOUT_MS)
        .recover(e -> absent(e) ? Future.succeededFuture(new RealServerSnapshot(List.of())) : Future.failedFuture(e));
  }

  /** The latest result of every check; none when no checker runs. */
  public Future<CheckState> checks() {
    return Bus.request(vertx, Addresses.CHECK_STATE, EmptyQuery.INSTANCE, GatewayLimits.READ_TIMEOUT_MS)
        .recover(e -> absent(e) ? Future.succeededFuture(new CheckState(List.of())) : Future.failedFuture(e));
  }

  /** True when nothing answers at that address (the service does not run there). */
  static boolean absent(Throwable e) {
    return e instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS;
  }
}
