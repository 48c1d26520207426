package io.vertalived.checker.health;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.bus.CheckResult;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Which results cross the cluster: those that say something new of their check. */
class ResultNewsTest {
  private static CheckResult result(long seq, boolean up, String reason, double latency, int weight) {
    return new CheckResult("n", "b", seq, Instant.ofEpochMilli(seq * 1000), "VS/RS/TCP_CHECK#0", "VS", "RS",
        "TCP_CHECK", up, reason, latency, weight, "n/1");
  }

  @Test
  void theFirstResultSinceTakingTheCheckIsNews() {
    assertTrue(ProbeShard.saysSomethingNew(null, result(1, true, "connected to 198.18.0.2:80", 0.3, -1)));
  }

  @Test
  void aLaterTimeAndLatencyAloneAreNotNews() {
    assertFalse(ProbeShard.saysSomethingNew(result(1, true, "connected to 198.18.0.2:80", 0.3, -1),
        result(2, true, "connected to 198.18.0.2:80", 7.9, -1)));
  }

  @Test
  void aChangedStateReasonOrWeightIsNews() {
    CheckResult before = result(1, true, "exit 0", 2, 5);
    assertTrue(ProbeShard.saysSomethingNew(before, result(2, false, "exit 0", 2, 5)));
    assertTrue(ProbeShard.saysSomethingNew(before, result(2, true, "exit 1", 2, 5)));
    assertTrue(ProbeShard.saysSomethingNew(before, result(2, true, "exit 0", 2, 7)));
  }
}
