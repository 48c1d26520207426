package io.vertalived.checker.health;

import java.util.Locale;

/**
 * The kind of a failed check, for the failures metric (docs/metrics.md): a few fixed values, so
 * that a label never grows with the reasons' text (which names addresses, statuses and times).
 */
final class FailureKind {
  /** Every kind {@link #of} gives, in a fixed order (the failures metric counts by index). */
  static final java.util.List<String> KINDS =
      java.util.List.of("timeout", "refused", "status", "digest", "tls", "script", "closed", "probe_error", "other");

  private FailureKind() {}

  /** The index in {@link #KINDS} of {@code reason}'s kind. */
  static int indexOf(String reason) {
    return KINDS.indexOf(of(reason));
  }

  static String of(String reason) {
    String r = reason == null ? "" : reason.toLowerCase(Locale.ROOT);
    if (r.startsWith("probe error")) {
      return "probe_error";
    }
    if (r.contains("script")) {
      return "script";
    }
    if (r.contains("timed out") || r.contains("timeout") || r.contains("within") || r.contains("no reply")) {
      return "timeout";
    }
    if (r.contains("refused") || r.contains("unreachable") || r.contains("no route")) {
      return "refused";
    }
    if (r.contains("tls") || r.contains("ssl") || r.contains("certificate") || r.contains("handshake")) {
      return "tls";
    }
    if (r.contains("digest")) {
      return "digest";
    }
    if (r.contains("status")) {
      return "status";
    }
    if (r.contains("closed") || r.contains("reset")) {
      return "closed";
    }
    return "other";
  }
}
