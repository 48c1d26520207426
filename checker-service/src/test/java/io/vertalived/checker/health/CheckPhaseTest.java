package io.vertalived.checker.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertalived.core.config.model.CheckerSettings;
import org.junit.jupiter.api.Test;

/** When the next check counts from ({@link ProbeShard#endedOnTime}): late starts are not passed on, within bounds. */
class CheckPhaseTest {
  private static final long MS = 1_000_000;
  private static final long S = 1_000 * MS;

  private static CheckerSettings settings(int retry, double delayBeforeRetry, double delayLoop) {
    return new CheckerSettings(null, 80, null, null, 0, 0, 1, retry, delayBeforeRetry, 0, delayLoop, false, false);
  }

  @Test
  void aCheckStartedLateByAPauseKeepsItsPlaceInTheSchedule() {
    long catchUp = ProbeShard.catchUpNanos(5 * S);
    assertEquals(1_250 * MS, catchUp, "a quarter of the delay_loop that follows");
    // due at 10 s, started 300 ms late (the whole checker paused), took 1 ms
    long ended = ProbeShard.endedOnTime(10 * S + 301 * MS, 10 * S, 300 * MS, 1 * S, catchUp);
    assertEquals(10 * S + 1 * MS, ended, "as if it had started on time: the next is due a delay_loop after its own time");
  }

  @Test
  void anOverloadedCheckerKeepsWhatIsLateBeyondTheBound() {
    long catchUp = ProbeShard.catchUpNanos(5 * S);
    long ended = ProbeShard.endedOnTime(10 * S + 3_001 * MS, 10 * S, 3 * S, 1 * S, catchUp);
    assertEquals(10 * S + 3_001 * MS - catchUp, ended, "no burst to catch up 3 s");
  }

  @Test
  void theIntervalThatFollowsIsDelayBeforeRetryOnlyForAFailureThatIsRetried() {
    CheckerState c = CheckerState.resumed(settings(2, 0.2, 5), true, 0);
    assertEquals(5 * S, c.intervalAfter(true));
    assertEquals(200 * MS, c.intervalAfter(false), "UP, a retry left");
    assertEquals(50 * MS, ProbeShard.catchUpNanos(c.intervalAfter(false)), "a quarter of delay_before_retry 0.2");
    c.completed(1 * S, false, "refused");
    c.completed(2 * S, false, "refused");
    assertEquals(5 * S, c.intervalAfter(false), "no retry left: it goes DOWN and waits delay_loop");
    c.completed(3 * S, false, "refused");
    assertEquals(5 * S, c.intervalAfter(false), "DOWN: delay_loop");
    assertEquals(20 * MS, ProbeShard.catchUpNanos(0), "at least 20 ms");
  }

  @Test
  void aTimeoutThatFiredALittleLateCountsAsOnTimeButASlowServerIsNotShortened() {
    long catchUp = 20 * MS;
    assertEquals(10 * S + 1 * S, ProbeShard.endedOnTime(10 * S + 1_004 * MS, 10 * S, 0, 1 * S, catchUp),
        "timer 4 ms after connect_timeout");
    assertEquals(10 * S + 1_500 * MS, ProbeShard.endedOnTime(10 * S + 1_500 * MS, 10 * S, 0, 1 * S, catchUp),
        "a check that took 1.5 s: its end");
  }
}
