package io.vertalived.checker.health;

import io.vertx.core.Future;

/** One kind of health check against one target: never fails its future, reports a failure instead. */
interface Probe {
  Future<ProbeOutcome> probe();

  /** A check of a checker that is DOWN ({@code recovering}); most probes do not care. */
  default Future<ProbeOutcome> probe(boolean recovering) {
    return probe();
  }

  void close();
}
