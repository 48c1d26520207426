package io.vertalived.checker.health;

import io.vertalived.core.metrics.ProcessMetrics;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntSupplier;

/**
 * The per-real-server series of one checker instance (docs/metrics.md): up, weight, check
 * durations and failures by kind. A real server owned here is a few arrays of counters, written
 * straight in Prometheus' text format at each scrape ({@link ProcessMetrics.TextSource}): with
 * tens of thousands of real servers, a Micrometer timer and two gauges each cost ~4 KiB of heap
 * apiece and most of a scrape's time.
 */
final class RealServerMeters implements ProcessMetrics.TextSource {
  /** The duration buckets' upper bounds in seconds: a thousand real servers stay a few thousand series. */
  static final double[] BOUNDS = {0.001, 0.01, 0.1, 0.5, 2, 10};
  private static final String[] LE = {"0.001", "0.01", "0.1", "0.5", "2.0", "10.0", "+Inf"};

  private final Set<Owned> owned = ConcurrentHashMap.newKeySet();

  /** One real server while this instance checks it. */
  final class Owned {
    /** {@code real_server="…",virtual_server="…"}, escaped, in Micrometer's (alphabetical) order. */
    private final String labels;
    private final IntSupplier up;
    private final IntSupplier weight;
    /** By checker, in the order of the real server's checkers: two checkers of one type share theirs. */
    private final List<CheckMeters> byChecker;
    /** One per check type: the series written. */
    private final List<CheckMeters> checks;

    private Owned(String labels, IntSupplier up, IntSupplier weight, List<CheckMeters> byChecker) {
      this.labels = labels;
      this.up = up;
      this.weight = weight;
      this.byChecker = byChecker;
      this.checks = byChecker.stream().distinct().toList();
    }

    CheckMeters check(int n) {
      return byChecker.get(n);
    }

    /** Its series leave the scrape (another instance took it over, or the configuration dropped it). */
    void remove() {
      owned.remove(this);
    }
  }

  /** One check of a real server: its durations by bucket and its failures by kind. */
  static final class CheckMeters {
    private final String type;
    /** Per bucket, not cumulative (the last one is above every bound); then the sum in nanoseconds. */
    private final AtomicLongArray durations = new AtomicLongArray(BOUNDS.length + 2);
    private final AtomicLongArray failures = new AtomicLongArray(FailureKind.KINDS.size());

    CheckMeters(String type) {
      this.type = type;
    }

    void record(double millis) {
      double seconds = millis / 1000;
      int b = 0;
      while (b < BOUNDS.length && seconds > BOUNDS[b]) {
        b++;
      }
      durations.incrementAndGet(b);
      durations.addAndGet(BOUNDS.length + 1, Math.round(millis * 1_000_000));
    }

    void failed(String reason) {
      failures.incrementAndGet(FailureKind.indexOf(reason));
    }
  }

  /**
   * Starts the series of a real server; {@code checkTypes} in the order of its checkers. Two checkers
   * of one type (two TCP_CHECKs on other ports, say) count into one series, as one Micrometer meter
   * of the same name and labels did: a series is named by its labels.
   */
  Owned own(String virtualServer, String realServer, List<String> checkTypes, IntSupplier up, IntSupplier weight) {
    String labels = "real_server=\"" + escape(realServer) + "\",virtual_server=\"" + escape(virtualServer) + "\"";
    java.util.Map<String, CheckMeters> byType = new java.util.HashMap<>();
    Owned o = new Owned(labels, up, weight, checkTypes.stream().map(t -> byType.computeIfAbsent(t, CheckMeters::new)).toList());
    owned.add(o);
    return o;
  }

  @Override
  public void writeTo(StringBuilder out, String labels) {
    if (owned.isEmpty()) {
      return;
    }
    String open = labels.isEmpty() ? "{" : "{" + labels + ",";
    List<Owned> all = List.copyOf(owned);
    family(out, "vertalived_real_server_up", "gauge", "1 while the real server is alive (all its checkers up), as the checker that owns it says");
    all.forEach(o -> out.append("vertalived_real_server_up").append(open).append(o.labels).append("} ").append(o.up.getAsInt()).append('\n'));
    family(out, "vertalived_real_server_weight", "gauge", "The weight the real server should carry: 0 when dead or drained");
    all.forEach(o -> out.append("vertalived_real_server_weight").append(open).append(o.labels).append("} ").append(o.weight.getAsInt()).append('\n'));
    family(out, "vertalived_check_duration_seconds", "histogram", "How long the real server's checks took, failed ones included");
    long[] counts = new long[BOUNDS.length + 1];
    for (Owned o : all) {
      for (CheckMeters c : o.checks) {
        // read the buckets before the sum: each cumulative bucket is at most the next, +Inf is the count
        long total = 0;
        for (int b = 0; b <= BOUNDS.length; b++) {
          total += c.durations.get(b);
          counts[b] = total;
        }
        long sumNanos = c.durations.get(BOUNDS.length + 1);
        for (int b = 0; b <= BOUNDS.length; b++) {
          out.append("vertalived_check_duration_seconds_bucket").append(open).append("check_type=\"").append(c.type).append("\",").append(o.labels)
              .append(",le=\"").append(LE[b]).append("\"} ").append(counts[b]).append('\n');
        }
        out.append("vertalived_check_duration_seconds_count").append(open).append("check_type=\"").append(c.type).append("\",").append(o.labels)
            .append("} ").append(total).append('\n');
        out.append("vertalived_check_duration_seconds_sum").append(open).append("check_type=\"").append(c.type).append("\",").append(o.labels)
            .append("} ").append(sumNanos / 1e9).append('\n');
      }
    }
    int header = out.length();
    family(out, "vertalived_check_failures_total", "counter", "Failed checks, by kind of failure");
    int samples = out.length();
    for (Owned o : all) {
      for (CheckMeters c : o.checks) {
        for (int k = 0; k < FailureKind.KINDS.size(); k++) {
          long n = c.failures.get(k);
          if (n > 0) {
            out.append("vertalived_check_failures_total").append(open).append("check_type=\"").append(c.type).append("\",kind=\"")
                .append(FailureKind.KINDS.get(k)).append("\",").append(o.labels).append("} ").append(n).append('\n');
          }
        }
      }
    }
    if (out.length() == samples) {
      out.setLength(header); // no failure yet: no family
    }
  }

  private static void family(StringBuilder out, String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static String escape(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
