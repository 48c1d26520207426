package io.vertalived.vrrp.protocol;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which virtual addresses of a MASTER another host still answers for (address conflict
 * detection as RFC 5227 2.4 has a host defend its address, here for a VIP the MASTER holds): a
 * reply from a MAC that is not ours is a conflict for that address and MAC once this router has
 * stayed MASTER {@code confirmNanos} since (a preempting peer answers for the VIPs an instant
 * before its advert makes this router BACKUP: that is a handover, not a duplicate); it clears
 * when that MAC has not answered for {@code quietNanos} (the caller probes every period, so this
 * is a few periods), or when this router leaves MASTER. Pure: the caller gives the time.
 */
public final class DuplicateAddressWatch {
  /** A conflict raised or cleared. */
  public record Change(InetAddress address, String mac, boolean raised) {}

  private record Holder(InetAddress address, String mac) {}

  /** When a holder first and last answered, and whether its conflict is raised. */
  private static final class Heard {
    final long first;
    long last;
    boolean raised;

    Heard(long now) {
      first = now;
      last = now;
    }
  }

  private final long quietNanos;
  private long confirmNanos;
  private final Map<Holder, Heard> heard = new LinkedHashMap<>();

  /** Every reply a conflict at once (no confirmation time). */
  public DuplicateAddressWatch(long quietNanos) {
    this(quietNanos, 0);
  }

  public DuplicateAddressWatch(long quietNanos, long confirmNanos) {
    this.quietNanos = quietNanos;
    this.confirmNanos = confirmNanos;
  }

  /**
   * {@code mac} (another host's) answered for {@code address}: raised now if there is no confirmation time and
   * this holder was not heard before, else null ({@link #confirm} raises it later).
   */
  public Change heard(InetAddress address, String mac, long now) {
    Holder h = new Holder(address, mac);
    Heard before = heard.get(h);
    if (before != null) {
      before.last = now;
      return null;
    }
    Heard first = new Heard(now);
    heard.put(h, first);
    if (confirmNanos > 0) {
      return null;
    }
    first.raised = true;
    return new Change(address, mac, true);
  }

  /** When the first holder waiting is confirmed ({@link Long#MAX_VALUE}: none waits). */
  public long confirmationDue() {
    long due = Long.MAX_VALUE;
    for (Heard e : heard.values()) {
      if (!e.raised) {
        due = Math.min(due, e.first + confirmNanos);
      }
    }
    return due;
  }

  /** A reload changed the advert interval: the holders waiting are confirmed by the new time. */
  public void confirmNanos(long nanos) {
    confirmNanos = nanos;
  }

  /** The holders heard at least the confirmation time ago, raised now (this router still MASTER). */
  public List<Change> confirm(long now) {
    List<Change> out = new ArrayList<>();
    heard.forEach((h, e) -> {
      if (!e.raised && now - e.first >= confirmNanos) {
        e.raised = true;
        out.add(new Change(h.address(), h.mac(), true));
      }
    });
    return out;
  }

  /**
   * The holders that have been quiet for the quiet time, cleared now (called at each probe); one never raised goes
   * without a word.
   */
  public List<Change> expire(long now) {
    List<Change> out = new ArrayList<>();
    heard.entrySet().removeIf(e -> {
      if (now - e.getValue().last < quietNanos) {
        return false;
      }
      if (e.getValue().raised) {
        out.add(new Change(e.getKey().address(), e.getKey().mac(), false));
      }
      return true;
    });
    return out;
  }

  /** Left MASTER (or the address is no longer ours): every raised conflict cleared, the pending ones dropped. */
  public List<Change> clear() {
    List<Change> out = new ArrayList<>();
    heard.forEach((h, e) -> {
      if (e.raised) {
        out.add(new Change(h.address(), h.mac(), false));
      }
    });
    heard.clear();
    return out;
  }

  /** Whether any conflict is raised now. */
  public boolean raised() {
    return heard.values().stream().anyMatch(e -> e.raised);
  }
}
