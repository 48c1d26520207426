package io.vertalived.checker.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Quorum and fork/terminate delays against a virtual clock. */
class ProcessQuorumTest {
  private static final long S = 1_000_000_000L;

  @Test
  void firstObservationAtOnceThenQuorumBounds() {
    ProcessQuorum q = new ProcessQuorum(2, 3, 0, 0);
    assertEquals(false, q.observe(0, 1));
    assertEquals(true, q.observe(1, 2));
    assertNull(q.observe(2, 3));
    assertEquals(false, q.observe(3, 4), "above quorum_max is down");
  }

  @Test
  void terminateDelayWaitsAndAReturnCancels() {
    ProcessQuorum q = new ProcessQuorum(1, Integer.MAX_VALUE, 0, 2);
    assertEquals(true, q.observe(0, 1));
    assertNull(q.observe(1 * S, 0), "down only after terminate_delay");
    assertNull(q.observe(2 * S, 1), "back within the delay: no change");
    assertNull(q.observe(3 * S, 0));
    assertNull(q.observe(4 * S, 0));
    assertEquals(false, q.observe(5 * S, 0), "2 s after it went");
  }

  @Test
  void forkDelayHoldsOffUp() {
    ProcessQuorum q = new ProcessQuorum(1, Integer.MAX_VALUE, 1.5, 0);
    assertEquals(false, q.observe(0, 0));
    assertNull(q.observe(1 * S, 1));
    assertNull(q.observe(2 * S, 1));
    assertEquals(true, q.observe(2 * S + S / 2, 1));
  }
}
