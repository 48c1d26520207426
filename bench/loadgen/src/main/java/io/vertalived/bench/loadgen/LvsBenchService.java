package io.vertalived.bench.loadgen;

import io.micrometer.core.instrument.Timer;
import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.Bus;
import io.vertalived.core.bus.LvsChange;
import io.vertalived.core.bus.RealServerState;
import io.vertalived.core.config.model.RealServer;
import io.vertalived.core.config.model.VirtualServer;
import io.vertalived.core.metrics.ProcessMetrics;
import io.vertalived.core.service.RunningService;
import io.vertalived.core.service.ServiceContext;
import io.vertalived.core.service.SuiteService;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark driver of the ipvs service ({@code --services ipvs,lvsbench}, bench/ipvs.sh): waits for the service's
 * first table (the start convergence: its duration from the service's own timer), then takes {@code LVSBENCH_CHANGES}
 * real servers down and up again one at a time, publishing their {@link RealServerState} as a checker would and
 * timing each until the service's {@link LvsChange} says the kernel holds it: first right after the start (cold:
 * the JIT still compiling), then, after {@code LVSBENCH_WARMUP} more changes that are not kept, again (warm: a
 * long-running service). Writes a JSON summary to {@code LVSBENCH_OUT}.
 */
public final class LvsBenchService implements SuiteService {
  @Override
  public String name() {
    return "lvsbench";
  }

  @Override
  public Future<RunningService> start(Vertx vertx, ServiceContext service) {
    Path out = Path.of(System.getenv().getOrDefault("LVSBENCH_OUT", "lvsbench.json"));
    int changes = Integer.parseInt(System.getenv().getOrDefault("LVSBENCH_CHANGES", "200"));
    int warmupChanges = Integer.parseInt(System.getenv().getOrDefault("LVSBENCH_WARMUP", "1000"));
    return vertx.deployVerticle(new io.vertx.core.VerticleBase() {
      private Promise<LvsChange> next;
      private long first = -1;

      @Override
      public Future<?> start() {
        Timer convergence = ProcessMetrics.registry(vertx).find("vertalived_lvs_convergence_seconds").timer();
        if (convergence != null && convergence.count() > 0) {
          // the ipvs service started first and already holds its table: no start event to wait for
          vertx.setTimer(500, t -> run(vertx, service, changes, out));
        }
        Bus.consume(vertx, Addresses.LVS_CHANGE, c -> {
          if (first < 0 && c.trigger().contains("start")) {
            first = System.currentTimeMillis();
            vertx.setTimer(500, t -> run(vertx, service, changes, out));
          } else if (next != null && c.trigger().contains("health")) {
            Promise<LvsChange> p = next;
            next = null;
            p.complete(c);
          }
        });
        return Future.succeededFuture();
      }

      /** Cold: the first changes after the start; warm: the same count again after the warm-up ones (not kept). */
      private void run(Vertx vertx, ServiceContext ctx, int n, Path out) {
        List<VirtualServer> all = ctx.config().virtualServers();
        Random rnd = new Random(42);
        long[] cold = new long[2 * n];
        long[] warmup = new long[2 * Math.max(0, warmupChanges / 2)];
        long[] warm = new long[2 * n];
        series(vertx, all, rnd, cold, 0)
            .compose(x -> series(vertx, all, rnd, warmup, 0))
            .compose(x -> series(vertx, all, rnd, warm, 0))
            .onSuccess(x -> write(out, cold, warm))
            .onFailure(e -> System.err.println("lvsbench: " + e));
      }

      /** Takes real servers down and up, one at a time, until {@code nanos} holds the time of each change. */
      private Future<Void> series(Vertx vertx, List<VirtualServer> all, Random rnd, long[] nanos, int i) {
        if (i >= nanos.length) {
          return Future.succeededFuture();
        }
        VirtualServer vs = all.get(rnd.nextInt(all.size()));
        RealServer rs = vs.realServers().get(rnd.nextInt(vs.realServers().size()));
        return change(vertx, vs, rs, false).compose(d -> {
          nanos[i] = d;
          return change(vertx, vs, rs, true);
        }).compose(d -> {
          nanos[i + 1] = d;
          return series(vertx, all, rnd, nanos, i + 2);
        });
      }

      private Future<Long> change(Vertx vertx, VirtualServer vs, RealServer rs, boolean alive) {
        next = Promise.promise();
        long t0 = System.nanoTime();
        Future<LvsChange> f = next.future();
        Bus.publish(vertx, Addresses.REAL_SERVER_STATE, new RealServerState("bench", "bench", 0, Instant.now(),
            vs.label(), rs.endpoint(), alive, alive ? rs.weight() : 0, alive ? "up" : "down"));
        return f.map(c -> System.nanoTime() - t0);
      }

      private void write(Path out, long[] cold, long[] warm) {
        long[] c = cold.clone();
        Arrays.sort(c);
        long[] w = warm.clone();
        Arrays.sort(w);
        Timer convergence = ProcessMetrics.registry(vertx).find("vertalived_lvs_convergence_seconds").timer();
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        JsonObject o = new JsonObject()
            .put("virtualServers", service.config().virtualServers().size())
            .put("realServers", service.config().virtualServers().stream().mapToInt(v -> v.realServers().size()).sum())
            .put("firstTableSinceJvmStartMs", first < 0 ? null : first - jvmStart)
            .put("firstConvergenceMs", convergence == null ? null : convergence.max(TimeUnit.MILLISECONDS))
            .put("changes", w.length)
            .put("warmupChanges", 2 * (warmupChanges / 2))
            .put("changeP50Ms", ms(w, 0.50)).put("changeP99Ms", ms(w, 0.99))
            .put("changeMaxMs", w[w.length - 1] / 1e6)
            .put("coldChangeP50Ms", ms(c, 0.50)).put("coldChangeP99Ms", ms(c, 0.99))
            .put("coldChangeMaxMs", c[c.length - 1] / 1e6)
            .put("coldChangesMsInOrder", Arrays.stream(cold).mapToObj(n -> Math.round(n / 1e4) / 100.0).toList());
        vertx.executeBlocking(() -> Files.writeString(out, o.encodePrettily()), false)
            .onComplete(x -> System.err.println("lvsbench: done " + out));
      }
    }).map(id -> RunningService.deployments(vertx, List.of(id)));
  }

  private static double ms(long[] sorted, double q) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
  }
}
