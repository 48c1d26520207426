package io.vertalived.checker.health;

/**
 * What one probe found: success, why not (or what it saw), how long it took, and a weight the
 * real server should carry ({@code MISC_CHECK misc_dynamic}; -1 when the probe sets none).
 */
public record ProbeOutcome(boolean success, String reason, double latencyMillis, int dynamicWeight) {
  public ProbeOutcome(boolean success, String reason, double latencyMillis) {
    this(success, reason, latencyMillis, -1);
  }

  /** Milliseconds since {@code startNanos} ({@link System#nanoTime()}), for {@code latencyMillis}. */
  static double millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e6;
  }
}
