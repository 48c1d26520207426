package io.vertalived.core.service;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.List;

/** A service's verticle that applies a new configuration itself, on its own context. */
public abstract class ReloadableVerticle extends VerticleBase {
  /** Runs on this verticle's context; see {@link RunningService#reload}. */
  protected abstract Future<List<String>> reload(ServiceContext next);

  /** Writes this verticle's signal dump, if any; runs on its context. */
  protected Future<Void> dump(SignalDump kind) {
    return Future.succeededFuture();
  }

  /**
   * The first step of a stop, called from the thread of the stop signal before any other shutdown
   * work (see {@link RunningService#resign}): must not block and must be safe from any thread.
   */
  protected Future<Void> resign() {
    return Future.succeededFuture();
  }

  /** {@link #reload} on this verticle's context, from any thread. */
  final Future<List<String>> reloadOnContext(ServiceContext next) {
    return onContext(() -> reload(next));
  }

  final Future<Void> dumpOnContext(SignalDump kind) {
    return onContext(() -> dump(kind));
  }

  private <T> Future<T> onContext(java.util.function.Supplier<Future<T>> work) {
    io.vertx.core.Promise<T> p = io.vertx.core.Promise.promise();
    context.runOnContext(v -> {
      try {
        work.get().onComplete(p);
      } catch (RuntimeException e) {
        p.fail(e);
      }
    });
    return p.future();
  }
}
