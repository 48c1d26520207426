package io.vertalived.bench.loadgen;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.Bus;
import io.vertalived.core.bus.CheckerStatsQuery;
import io.vertalived.core.bus.RecordJson;
import io.vertalived.core.service.RunningService;
import io.vertalived.core.service.ServiceContext;
import io.vertalived.core.service.SuiteService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Benchmark meter of the checker instances of a cluster ({@code --services ...,checkmeter}): every
 * {@code CHECKMETER_PERIOD_MS} (1000) it asks each checker instance heard on the heartbeats for
 * its stats, resetting them, and appends one JSON line per instance (with {@code "at"}, epoch ms)
 * to the file {@code CHECKMETER_OUT}.
 */
public final class CheckMeterService implements SuiteService {
  @Override
  public String name() {
    return "checkmeter";
  }

  @Override
  public Future<RunningService> start(Vertx vertx, ServiceContext context) {
    Path out = Path.of(System.getenv().getOrDefault("CHECKMETER_OUT", "checkmeter.jsonl"));
    long period = Long.parseLong(System.getenv().getOrDefault("CHECKMETER_PERIOD_MS", "1000"));
    Set<String> instances = ConcurrentHashMap.newKeySet();
    Bus.consume(vertx, Addresses.CHECKER_MEMBERS, h -> {
      if (h.leaving()) {
        instances.remove(h.checker());
      } else {
        instances.add(h.checker());
      }
    });
    vertx.setPeriodic(period, t -> instances.forEach(id ->
        Bus.request(vertx, Addresses.CHECKER_STATS, id, new CheckerStatsQuery(true), 30_000)
            .onSuccess(reply -> {
              String line = RecordJson.encode(reply).put("at", System.currentTimeMillis()).encode() + "\n";
              vertx.executeBlocking(() -> Files.writeString(out, line, StandardCharsets.UTF_8,
                  StandardOpenOption.CREATE, StandardOpenOption.APPEND), false);
            })));
    return Future.succeededFuture(RunningService.deployments(vertx, java.util.List.of()));
  }
}
