package io.vertalived.checker.health;

/**
 * Scheduling lag of checks (how late a check started against its due time), in a log-linear
 * histogram of microseconds: 32 buckets per power of two, so a percentile is within about
 * 3% of the true value, in constant memory whatever the number of checks. Pure; not thread-safe.
 */
public final class LagHistogram {
  private static final int SUB_BITS = 6;
  private static final int SUB = 1 << SUB_BITS;
  private final long[] counts = new long[SUB + 60 * (SUB / 2)];
  private long total;
  private long maxMicros;

  /** Records one lag; a check started early counts as 0. */
  public void record(long lagNanos) {
    long us = Math.max(0, lagNanos / 1_000);
    counts[index(us)]++;
    total++;
    maxMicros = Math.max(maxMicros, us);
  }

  public long count() {
    return total;
  }

  public double maxMillis() {
    return maxMicros / 1000.0;
  }

  /** The lag at or under which {@code fraction} (0..1) of the checks started, in milliseconds. */
  public double percentileMillis(double fraction) {
    if (total == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(fraction * total));
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return Math.min(upperMicros(i), maxMicros) / 1000.0;
      }
    }
    return maxMillis();
  }

  /** The non-empty buckets: largest lag of the bucket in microseconds → checks in it. */
  public java.util.SortedMap<Long, Long> buckets() {
    java.util.SortedMap<Long, Long> m = new java.util.TreeMap<>();
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] > 0) {
        m.put(upperMicros(i), counts[i]);
      }
    }
    return m;
  }

  /** Adds the checks of another histogram to this one. */
  public void add(LagHistogram other) {
    for (int i = 0; i < counts.length; i++) {
      counts[i] += other.counts[i];
    }
    total += other.total;
    maxMicros = Math.max(maxMicros, other.maxMicros);
  }

  public void reset() {
    java.util.Arrays.fill(counts, 0);
    total = 0;
    maxMicros = 0;
  }

  /** Values under {@code SUB} exactly; above, {@code SUB/2} buckets per power of two. */
  static int index(long us) {
    if (us < SUB) {
      return (int) us;
    }
    int e = 63 - Long.numberOfLeadingZeros(us) - (SUB_BITS - 1);
    long m = us >>> e;
    return SUB + (e - 1) * (SUB / 2) + (int) (m - SUB / 2);
  }

  /** The largest value that falls in bucket {@code i}. */
  static long upperMicros(int i) {
    if (i < SUB) {
      return i;
    }
    int j = i - SUB;
    int e = j / (SUB / 2) + 1;
    long m = j % (SUB / 2) + SUB / 2;
    return ((m + 1) << e) - 1;
  }
}
