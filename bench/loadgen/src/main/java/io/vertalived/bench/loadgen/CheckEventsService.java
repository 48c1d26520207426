package io.vertalived.bench.loadgen;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.LocalListeners;
import io.vertalived.core.bus.CheckResult;
import io.vertalived.core.bus.RealServerState;
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

/**
 * Benchmark recorder ({@code --services ...,checkevents}): appends every check result and real
 * server state seen on the bus, with the time it carries (epoch microseconds), to the file
 * {@code CHECKEVENTS_OUT} as JSON lines, flushed every 100 ms off the event loop.
 */
public final class CheckEventsService implements SuiteService {
  @Override
  public String name() {
    return "checkevents";
  }

  @Override
  public Future<RunningService> start(Vertx vertx, ServiceContext context) {
    Path out = Path.of(System.getenv().getOrDefault("CHECKEVENTS_OUT", "checkevents.jsonl"));
    // one context for the consumers and the flush: they share the buffer
    return vertx.deployVerticle(new io.vertx.core.VerticleBase() {
      @Override
      public Future<?> start() {
        record(vertx, out);
        return Future.succeededFuture();
      }
    }).map(id -> RunningService.deployments(vertx, java.util.List.of(id)));
  }

  private static void record(Vertx vertx, Path out) {
    StringBuilder pending = new StringBuilder();
    LocalListeners.consume(vertx, Addresses.CHECK_RESULT, r -> pending.append(new JsonObject()
        .put("kind", "result").put("rs", r.realServer()).put("up", r.up())
        .put("reason", r.reason())
        .put("us", micros(r.timestamp())).encode()).append('\n'));
    vertx.eventBus().<RealServerState>consumer(Addresses.REAL_SERVER_STATE.address(), m -> pending.append(new JsonObject()
        .put("kind", "state").put("rs", m.body().realServer()).put("alive", m.body().alive())
        .put("us", micros(m.body().timestamp())).encode()).append('\n'));
    vertx.setPeriodic(100, t -> {
      if (pending.length() > 0) {
        String chunk = pending.toString();
        pending.setLength(0);
        vertx.executeBlocking(() -> Files.writeString(out, chunk, StandardCharsets.UTF_8,
            StandardOpenOption.CREATE, StandardOpenOption.APPEND), true);
      }
    });
  }

  private static long micros(java.time.Instant t) {
    return t.getEpochSecond() * 1_000_000 + t.getNano() / 1_000;
  }
}
