package io.vertalived.checker.health;

import io.vertx.core.Future;

/** One kind of health check against one target: never fails its future, reports a failure instead. */
interface Probe {
  Future<ProbeOutcome> probe();

  void close();
}
