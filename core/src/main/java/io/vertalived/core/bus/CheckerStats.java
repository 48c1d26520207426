package io.vertalived.core.bus;

import java.util.Map;

/**
 * What one checker instance owns and has done since it started or since the last reset: its
 * real servers and checks, checks run, failures, checks in flight, and how late its checks
 * started against their due time (scheduling lag: samples, p50, p99 and max in ms, and buckets
 * of about 3% width keyed by their upper bound in microseconds, so that replies can be merged).
 */
public record CheckerStats(
    String checker, int shards, long realServers, long checks, long checksRun, long failures, long inFlight,
    long lagSamples, double lagP50Ms, double lagP99Ms, double lagMaxMs, Map<String, Long> lagBuckets) {
  public CheckerStats {
    lagBuckets = Map.copyOf(lagBuckets);
  }
}
