package io.vertalived.vrrp.protocol;

/**
 * The timers of RFC 3768 5.3.x / RFC 5798 6.1, in nanoseconds.
 *
 * <p>v2: Skew_Time = (256 - Priority) / 256 seconds. v3: Skew_Time = ((256 - Priority) *
 * Master_Adver_Interval) / 256. Master_Down_Interval = down_timer_adverts (3) *
 * Master_Adver_Interval + Skew_Time.
 */
public final class InstanceTiming {
  private static final long SECOND = 1_000_000_000L;

  private InstanceTiming() {}

  public static long skewTime(int version, int priority, long masterAdverIntervalNanos) {
    if (version == 2) {
      return (256L - priority) * SECOND / 256;
    }
    // keepalived computes in microseconds: ((256 - P) * adver_int_us) / 256
    long intervalMicros = masterAdverIntervalNanos / 1000;
    return (256L - priority) * intervalMicros / 256 * 1000;
  }

  public static long masterDownInterval(int version, int priority, long masterAdverIntervalNanos, int downTimerAdverts) {
    return downTimerAdverts * masterAdverIntervalNanos + skewTime(version, priority, masterAdverIntervalNanos);
  }

  /** keepalived's VRRP_TIMER_SKEW_MIN: the skew of the top priority (factor 1/256). */
  public static long minimumSkew(int version, long masterAdverIntervalNanos) {
    return version == 2 ? SECOND / 256 : masterAdverIntervalNanos / 1000 / 256 * 1000;
  }

  public static long nanos(double seconds) {
    return Math.round(seconds * SECOND);
  }
}
