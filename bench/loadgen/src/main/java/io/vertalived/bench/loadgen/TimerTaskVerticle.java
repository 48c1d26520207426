package io.vertalived.bench.loadgen;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Its share of the timer tasks: one periodic timer per task, each firing once a second with a
 * random phase (so the tasks spread over the second, like health checks with a delay_loop of 1).
 * A task allocates its bytes, encodes a small JSON document and keeps a copy of part of them in
 * the ring.
 */
final class TimerTaskVerticle extends VerticleBase {
  private final LoadSettings settings;
  private final RetainedRing ring;
  private final int share;

  TimerTaskVerticle(LoadSettings settings, RetainedRing ring, int instances) {
    this.settings = settings;
    this.ring = ring;
    this.share = settings.tasksPerSecond() / instances;
  }

  @Override
  public Future<?> start() {
    for (int i = 0; i < share; i++) {
      int id = i;
      vertx.setPeriodic(1 + ThreadLocalRandom.current().nextLong(1000), 1000, t -> task(id));
    }
    return Future.succeededFuture();
  }

  private void task(int id) {
    byte[] payload = new byte[settings.taskBytes()];
    payload[id % payload.length] = (byte) id;
    String doc = new JsonObject().put("task", id).put("at", System.nanoTime()).put("size", payload.length).encode();
    ring.keep(new Object[] {java.util.Arrays.copyOf(payload, settings.keepBytes()), doc});
  }
}
