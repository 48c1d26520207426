package io.vertalived.vrrp.service;

/**
 * keepalived's {@code vrrp_garp_interval}: the least gap between two gratuitous ARPs on one
 * interface, whichever instance sends them (keepalived.conf(5) Global definitions, global_defs). The first packet on an idle
 * interface goes at once; each later one an interval after the one before. Pure (the caller
 * passes a monotonic {@code now} in nanoseconds); thread-safe.
 */
final class GarpPacer {
  private final long intervalNanos;
  private boolean used;
  private long nextFree;

  GarpPacer(double intervalSeconds) {
    this.intervalNanos = Math.max(0, Math.round(intervalSeconds * 1e9));
  }

  /** Reserves the next slot: when the next packet may be sent. */
  synchronized long reserve(long now) {
    long at = used && nextFree - now > 0 ? nextFree : now;
    used = true;
    nextFree = at + intervalNanos;
    return at;
  }
}
