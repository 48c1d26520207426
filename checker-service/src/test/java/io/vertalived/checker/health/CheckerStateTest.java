package io.vertalived.checker.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.config.model.CheckerSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** keepalived's checker state machine (keepalived.conf(5) Virtual server(s): retry, delay_before_retry, warmup) against a virtual clock. */
class CheckerStateTest {
  private static final long S = 1_000_000_000L;

  private static CheckerSettings settings(int retry, double delayBeforeRetry, double delayLoop, double warmup, boolean alpha) {
    return new CheckerSettings(null, 80, null, null, 0, 0, 5, retry, delayBeforeRetry, warmup, delayLoop, alpha, false);
  }

  @Test
  void firstCheckOneSecondAfterStartPlusPartOfWarmup() {
    assertEquals(1 * S + 5 * S / 2, new CheckerState(settings(1, 1, 10, 5, false), 0, 0.5).nextDue());
    assertEquals(1 * S, new CheckerState(settings(1, 1, 10, 0, false), 0, 0.9).nextDue(), "warmup 0 disables it");
  }

  @Test
  void notAlphaStartsUpAndTheFirstFailureTakesItDownAtOnce() {
    CheckerState c = new CheckerState(settings(3, 1, 10, 0, false), 0, 0);
    assertTrue(c.up());
    CheckerState.Change down = c.completed(1 * S, false, "connection refused");
    assertFalse(down.up());
    assertEquals("failed after 3 retries: connection refused", down.reason());
    assertEquals(11 * S, c.nextDue(), "while DOWN: every delay_loop");
  }

  @Test
  void afterASuccessItTakesRetryPlusOneFailuresSpacedByDelayBeforeRetry() {
    CheckerState c = new CheckerState(settings(2, 3, 10, 0, false), 0, 0);
    assertNull(c.completed(1 * S, true, null));
    assertEquals(11 * S, c.nextDue());
    assertNull(c.completed(11 * S, false, "timeout"));
    assertEquals(14 * S, c.nextDue(), "retry after delay_before_retry");
    assertNull(c.completed(14 * S, false, "timeout"));
    assertNull(c.completed(17 * S, true, null), "a success resets the count");
    assertNull(c.completed(27 * S, false, "timeout"));
    assertNull(c.completed(30 * S, false, "timeout"));
    CheckerState.Change down = c.completed(33 * S, false, "timeout");
    assertFalse(down.up(), "the third consecutive failure with retry 2");
    assertEquals(43 * S, c.nextDue());
  }

  @Test
  void whileDownOneSuccessBringsItUp() {
    CheckerState c = new CheckerState(settings(1, 1, 10, 0, false), 0, 0);
    c.completed(1 * S, false, "reset");
    assertNull(c.completed(11 * S, false, "reset"), "still down: no change");
    assertTrue(c.completed(21 * S, true, null).up());
  }

  @Test
  void alphaStartsDownAndTheFirstSuccessBringsItUp() {
    CheckerState c = new CheckerState(settings(1, 1, 10, 0, true), 0, 0);
    assertFalse(c.up());
    assertNull(c.completed(1 * S, false, "refused"));
    assertTrue(c.completed(11 * S, true, "HTTP 200").up());
  }

  @Test
  void aRealServerIsAliveIffAllItsCheckersAreUp() {
    RealServerHealth rs = new RealServerHealth(Map.of("tcp", true, "http", true));
    assertTrue(rs.alive());
    assertEquals(false, rs.checkerChanged("http", false));
    assertNull(rs.checkerChanged("tcp", false), "already dead");
    assertNull(rs.checkerChanged("http", true));
    assertEquals(true, rs.checkerChanged("tcp", true));
    assertTrue(new RealServerHealth(Map.of()).alive(), "no checker: alive");
    assertThrows(IllegalArgumentException.class, () -> rs.checkerChanged("dns", true));
  }
}
