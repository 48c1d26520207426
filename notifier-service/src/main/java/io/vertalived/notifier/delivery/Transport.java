package io.vertalived.notifier.delivery;

import io.vertx.core.Future;

/**
 * How deliveries reach one endpoint (an HTTP webhook, the SMTP server). {@link #send} never
 * fails: whatever happens is an {@link Attempt}, with a reason fit for the log (no secret in it).
 */
public interface Transport {
  Future<Attempt> send(Delivery d);

  /** Frees what the transport holds (connections, a client). */
  default Future<Void> close() {
    return Future.succeededFuture();
  }
}
