package io.vertalived.bench.loadgen;

import io.vertalived.core.bus.Addresses;
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
  public Future<?> deploy(Vertx vertx, ServiceContext context) {
    Path out = Path.of(System.getenv().getOrDefault("CHECKMETER_OUT", "checkmeter.jsonl"));
    long period = Long.parseLong(System.getenv().getOrDefault("CHECKMETER_PERIOD_MS", "1000"));
    Set<String> instances = ConcurrentHashMap.newKeySet();
    vertx.eventBus().<JsonObject>consumer(Addresses.CHECKER_MEMBERS, m -> {
      if (m.body().getBoolean("leaving", false)) {
        instances.remove(m.body().getString("checker"));
      } else {
        instances.add(m.body().getString("checker"));
      }
    });
    vertx.setPeriodic(period, t -> instances.forEach(id ->
        vertx.eventBus().<JsonObject>request(Addresses.checkerStats(id), new JsonObject().put("reset", true))
            .onSuccess(reply -> {
              String line = reply.body().copy().put("at", System.currentTimeMillis()).encode() + "\n";
              vertx.executeBlocking(() -> Files.writeString(out, line, StandardCharsets.UTF_8,
                  StandardOpenOption.CREATE, StandardOpenOption.APPEND), false);
            })));
    return Future.succeededFuture();
  }
}
