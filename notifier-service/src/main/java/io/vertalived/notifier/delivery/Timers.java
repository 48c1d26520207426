package io.vertalived.notifier.delivery;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** The dispatcher's clock and timers: Vert.x's on its context, or a virtual one in tests. */
public interface Timers {
  Instant now();

  /** Runs {@code task} after {@code delay} on the dispatcher's context; an id for {@link #cancel}. */
  long schedule(Duration delay, Runnable task);

  void cancel(long id);

  static Timers of(Vertx vertx, Clock clock) {
    return new Timers() {
      @Override
      public Instant now() {
        return clock.instant();
      }

      @Override
      public long schedule(Duration delay, Runnable task) {
        return vertx.setTimer(Math.max(1, delay.toMillis()), id -> task.run());
      }

      @Override
      public void cancel(long id) {
        vertx.cancelTimer(id);
      }
    };
  }
}
