package io.vertalived.core.metrics;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.Bus;
import io.vertalived.core.bus.MetricsScrape;
import io.vertalived.core.bus.NodeInfo;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Answers {@link Addresses#METRICS} for this process: its registry's scrape, labelled with its
 * node and member ({@link ProcessMetrics#scrape}), taken on a worker thread (a scrape of thousands of series takes milliseconds).
 * A process without metrics answers an empty text.
 */
public final class MetricsVerticle extends VerticleBase {
  private final NodeInfo self;

  public MetricsVerticle(NodeInfo self) {
    this.self = self;
  }

  @Override
  public Future<?> start() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("node", self.node());
    labels.put("member", self.member());
    Bus.answer(vertx, Addresses.METRICS, self.member(), q -> {
      if (ProcessMetrics.prometheus(vertx) == null) {
        return Future.succeededFuture(new MetricsScrape(self.node(), self.member(), ""));
      }
      return vertx.executeBlocking(() -> {
        String text = ProcessMetrics.scrape(vertx, labels);
        return new MetricsScrape(self.node(), self.member(), text == null ? "" : text);
      }, false);
    });
    return Future.succeededFuture();
  }
}
