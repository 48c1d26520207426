package io.vertalived.checker.health;

import io.vertalived.core.config.model.CheckerSettings;

/**
 * One health checker of a real server, exactly as keepalived's checker state machine (keepalived.conf(5) Virtual server(s): retry, delay_before_retry, warmup).
 * Pure: the caller passes a monotonic {@code now} (nanoseconds), runs the check when
 * {@link #nextDue()} has come, and reports its outcome with {@link #completed}.
 *
 * <ul>
 *   <li>Not {@code alpha}: starts UP, with its retry counter already spent, so the first failure
 *       takes it DOWN at once. {@code alpha}: starts DOWN; the first success brings it UP.
 *   <li>UP: a failure is retried after {@code delay_before_retry}; DOWN after {@code retry}+1
 *       consecutive failures; any success resets the count.
 *   <li>DOWN: checked every {@code delay_loop}; one success brings it UP.
 *   <li>First check: 1 s after start plus a random part of {@code warmup} (0 disables it).
 * </ul>
 */
public final class CheckerState {
  private static final long SECOND = 1_000_000_000L;
  private final CheckerSettings settings;
  private boolean up;
  /** Consecutive failures while UP (keepalived's retry_it). */
  private int failures;
  private long nextDue;

  /**
   * @param warmupFraction where in [0, 1) of {@code warmup} the first check falls (random in use,
   *     fixed in tests)
   */
  public CheckerState(CheckerSettings settings, long now, double warmupFraction) {
    this.settings = settings;
    this.up = !settings.alpha();
    this.failures = settings.retry();
    this.nextDue = now + SECOND + (long) (warmupFraction * nanos(settings.warmup()));
  }

  private CheckerState(CheckerSettings settings, boolean up, long firstDue) {
    this.settings = settings;
    this.up = up;
    this.failures = up ? 0 : settings.retry();
    this.nextDue = firstDue;
  }

  /**
   * A check taken over from another checker instance: it goes on from the state that instance
   * last published, with its next run when that instance would have made it.
   */
  public static CheckerState resumed(CheckerSettings settings, boolean up, long firstDue) {
    return new CheckerState(settings, up, firstDue);
  }

  public boolean up() {
    return up;
  }

  /** When the next check is due. */
  public long nextDue() {
    return nextDue;
  }

  /** A check not run at {@code now} (its virtual server's ha_suspend): the next one is a delay_loop away. */
  public void skipped(long now) {
    nextDue = now + nanos(settings.delayLoop());
  }

  /**
   * The wait {@link #completed} will set after a check with this outcome (nanoseconds): {@code delay_before_retry}
   * after a failure that is retried, else {@code delay_loop}.
   */
  public long intervalAfter(boolean success) {
    return !success && up && failures < settings.retry() ? nanos(settings.delayBeforeRetry()) : nanos(settings.delayLoop());
  }

  /** An UP/DOWN change, with keepalived's words for it. */
  public record Change(boolean up, String reason) {}

  /** A check finished at {@code now}; returns the change it caused, or null. */
  public Change completed(long now, boolean success, String reason) {
    if (success) {
      failures = 0;
      nextDue = now + nanos(settings.delayLoop());
      if (!up) {
        up = true;
        return new Change(true, "check succeeded" + (reason == null ? "" : ": " + reason));
      }
      return null;
    }
    if (!up) {
      nextDue = now + nanos(settings.delayLoop());
      return null;
    }
    if (failures < settings.retry()) {
      failures++;
      nextDue = now + nanos(settings.delayBeforeRetry());
      return null;
    }
    up = false;
    int retries = failures;
    failures = settings.retry();
    nextDue = now + nanos(settings.delayLoop());
    return new Change(false, "failed after " + retries + " retries" + (reason == null ? "" : ": " + reason));
  }

  private static long nanos(double seconds) {
    return Math.round(seconds * SECOND);
  }
}
