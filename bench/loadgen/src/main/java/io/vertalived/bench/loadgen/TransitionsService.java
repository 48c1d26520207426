package io.vertalived.bench.loadgen;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.Bus;
import io.vertalived.core.bus.BusStreams;
import io.vertalived.core.bus.Sequencer;
import io.vertalived.core.bus.VrrpTransition;
import io.vertalived.core.service.RunningService;
import io.vertalived.core.service.ServiceContext;
import io.vertalived.core.service.SuiteService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.List;
import java.util.logging.Logger;

/**
 * Benchmark load for the notifier ({@code --services notifier,transitions}): publishes
 * {@code TRANSITIONS_COUNT} VRRP transitions (default 10,000) of {@code TRANSITIONS_INSTANCES}
 * instances (default 50) as a VRRP service would, {@code TRANSITIONS_BATCH} per millisecond
 * (default 100), then logs {@code transitions published: N}.
 */
public final class TransitionsService implements SuiteService {
  private static final Logger LOG = Logger.getLogger("io.vertalived.bench");

  @Override
  public String name() {
    return "transitions";
  }

  @Override
  public Future<RunningService> start(Vertx vertx, ServiceContext context) {
    int count = Integer.parseInt(System.getenv().getOrDefault("TRANSITIONS_COUNT", "10000"));
    int instances = Integer.parseInt(System.getenv().getOrDefault("TRANSITIONS_INSTANCES", "50"));
    int batch = Integer.parseInt(System.getenv().getOrDefault("TRANSITIONS_BATCH", "100"));
    Sequencer seq = BusStreams.of(vertx).sequencer(Addresses.VRRP_TRANSITION);
    int[] sent = {0};
    // after the notifier has started: the suite starts services in order, this one last
    long timer = vertx.setPeriodic(1000, 1, id -> {
      for (int i = 0; i < batch && sent[0] < count; i++) {
        int n = ++sent[0];
        Bus.publish(vertx, Addresses.VRRP_TRANSITION, new VrrpTransition(context.node(), seq.boot(), seq.next(), Instant.now(),
            "VI_" + (n % instances), false, n % 2 == 0 ? "MASTER" : "BACKUP", n % 2 == 0 ? "BACKUP" : "MASTER", 100,
            "bench transition " + n));
      }
      if (sent[0] >= count) {
        vertx.cancelTimer(id);
        LOG.info("transitions published: " + sent[0]);
      }
    });
    return Future.succeededFuture(new RunningService() {
      @Override
      public Future<List<String>> reload(ServiceContext next) {
        return Future.succeededFuture(List.of());
      }

      @Override
      public Future<Void> stop() {
        vertx.cancelTimer(timer);
        return Future.succeededFuture();
      }
    });
  }
}
