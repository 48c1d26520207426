package io.vertalived.bench.loadgen;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.Bus;
import io.vertalived.core.bus.InstanceQuery;
import io.vertalived.core.service.RunningService;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertalived.core.service.ServiceContext;
import io.vertalived.core.service.SuiteService;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Logger;

/**
 * Benchmark of an event-bus request and its reply between processes ({@code --services busping} in a JVM of the
 * cluster): after {@code BUSPING_WARMUP} requests, {@code BUSPING_COUNT} (default 5,000) requests of the VRRP status
 * of node {@code BUSPING_NODE} (default r1), one after the other, then {@code BUSPING_PARALLEL} (default 16) at a
 * time for as many; logs {@code busping: ...} with the latency percentiles in ms and the rate.
 */
public final class BusPingService implements SuiteService {
  private static final Logger LOG = Logger.getLogger("io.vertalived.bench");

  @Override
  public String name() {
    return "busping";
  }

  @Override
  public Future<RunningService> start(Vertx vertx, ServiceContext context) {
    String node = System.getenv().getOrDefault("BUSPING_NODE", "r1");
    int count = Integer.parseInt(System.getenv().getOrDefault("BUSPING_COUNT", "5000"));
    int warmup = Integer.parseInt(System.getenv().getOrDefault("BUSPING_WARMUP", "2000"));
    int parallel = Integer.parseInt(System.getenv().getOrDefault("BUSPING_PARALLEL", "16"));
    vertx.setTimer(1000, t -> run(vertx, node, warmup, 1).compose(w -> run(vertx, node, count, 1))
        .onSuccess(lat -> report("sequential", lat, count))
        .compose(v -> run(vertx, node, count, parallel))
        .onSuccess(lat -> report("parallel " + parallel, lat, count))
        .onFailure(e -> LOG.severe("busping failed: " + e.getMessage())));
    return Future.succeededFuture(RunningService.deployments(vertx, List.of()));
  }

  private static void report(String how, long[] nanosAndElapsed, int count) {
    long elapsed = nanosAndElapsed[count];
    long[] lat = Arrays.copyOf(nanosAndElapsed, count);
    Arrays.sort(lat);
    LOG.info(String.format("busping: %s %d requests, p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms, %.0f/s", how,
        count, lat[count / 2] / 1e6, lat[count * 9 / 10] / 1e6, lat[count * 99 / 100] / 1e6, lat[count - 1] / 1e6,
        count / (elapsed / 1e9)));
  }

  /** {@code count} requests, {@code parallel} outstanding at a time: each one's latency, then the elapsed time. */
  private static Future<long[]> run(Vertx vertx, String node, int count, int parallel) {
    long[] out = new long[count + 1];
    int[] next = {0};
    int[] done = {0};
    long start = System.nanoTime();
    Promise<long[]> all = Promise.promise();
    Runnable[] send = new Runnable[1];
    send[0] = () -> {
      int i = next[0]++;
      long t0 = System.nanoTime();
      Bus.request(vertx, Addresses.VRRP_STATUS, node, new InstanceQuery(null), 5_000).onComplete(r -> {
        if (r.failed()) {
          all.tryFail(r.cause());
          return;
        }
        out[i] = System.nanoTime() - t0;
        if (++done[0] == count) {
          out[count] = System.nanoTime() - start;
          all.tryComplete(out);
        } else if (next[0] < count) {
          send[0].run();
        }
      });
    };
    for (int p = 0; p < parallel && next[0] < count; p++) {
      send[0].run();
    }
    return all.future();
  }
}
