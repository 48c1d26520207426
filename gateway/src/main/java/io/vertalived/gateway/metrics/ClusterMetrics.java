package io.vertalived.gateway.metrics;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.Bus;
import io.vertalived.core.bus.EmptyQuery;
import io.vertalived.core.bus.MetricsScrape;
import io.vertalived.core.bus.NodeInfo;
import io.vertalived.core.metrics.PrometheusText;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /metrics}: every process of the cluster's registry in one Prometheus scrape
 * (docs/metrics.md). Each process answers with its samples labelled {@code node} and
 * {@code member}; {@code vertalived_process_up} says which answered in time, so a missing
 * process is an alert and not a silent gap.
 */
public final class ClusterMetrics {
  /** How long a process may take to answer; a scrape waits at most this long. */
  static final long ANSWER_MS = 2_000;
  private final Vertx vertx;

  public ClusterMetrics(Vertx vertx) {
    this.vertx = vertx;
  }

  public void handle(RoutingContext rc) {
    Bus.request(vertx, Addresses.NODE_DIRECTORY, EmptyQuery.INSTANCE, ANSWER_MS).compose(directory -> {
      List<NodeInfo> nodes = directory.nodes();
      List<Future<MetricsScrape>> asked = nodes.stream()
          .map(n -> Bus.request(vertx, Addresses.METRICS, n.member(), EmptyQuery.INSTANCE, ANSWER_MS)).toList();
      return Future.join(asked).transform(x -> {
        List<String> texts = new ArrayList<>();
        StringBuilder up = new StringBuilder("# HELP vertalived_process_up Whether the process answered this scrape"
            + " (1) or not in time (0).\n# TYPE vertalived_process_up gauge\n");
        for (int i = 0; i < nodes.size(); i++) {
          NodeInfo n = nodes.get(i);
          boolean answered = asked.get(i).succeeded();
          up.append("vertalived_process_up{node=\"").append(label(n.node())).append("\",member=\"")
              .append(label(n.member())).append("\",services=\"").append(label(String.join(",", n.services())))
              .append("\",version=\"").append(label(n.version())).append("\"} ").append(answered ? 1 : 0).append('\n');
          if (answered) {
            texts.add(asked.get(i).result().text());
          }
        }
        // one process: its families and vertalived_process_up's are apart already (megabytes: no concatenation)
        if (texts.size() <= 1) {
          Buffer body = Buffer.buffer(up.length() + (texts.isEmpty() ? 0 : texts.get(0).length()) + 64);
          body.appendString(up.toString());
          texts.forEach(body::appendString);
          return Future.succeededFuture(body);
        }
        texts.add(0, up.toString());
        // merging the texts of many processes is string work: off the event loop
        return vertx.executeBlocking(() -> Buffer.buffer(PrometheusText.merge(texts)), false);
      });
    }).onComplete(ar -> {
      if (ar.failed()) {
        rc.response().setStatusCode(503).putHeader("Content-Type", "text/plain; charset=utf-8")
            .end("the node directory did not answer: " + ar.cause().getMessage() + "\n");
      } else {
        rc.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(ar.result());
      }
    });
  }

  private static String label(String v) {
    return v == null ? "" : v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
