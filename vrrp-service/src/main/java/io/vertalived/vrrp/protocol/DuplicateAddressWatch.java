package io.vertalived.vrrp.protocol;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which virtual addresses of a MASTER another host still answers for (address conflict
 * detection as RFC 5227 2.4 has a host defend its address, here for a VIP the MASTER holds): a
 * reply from a MAC that is not ours raises a conflict for that address and MAC; it clears when
 * that MAC has not answered for {@code quietNanos} (the caller probes every period, so this is a
 * few periods), or when this router leaves MASTER. Pure: the caller gives the time.
 */
public final class DuplicateAddressWatch {
  /** A conflict raised or cleared. */
  public record Change(InetAddress address, String mac, boolean raised) {}

  private record Holder(InetAddress address, String mac) {}

  private final long quietNanos;
  /** Each other holder and when it last answered. */
  private final Map<Holder, Long> heard = new LinkedHashMap<>();

  public DuplicateAddressWatch(long quietNanos) {
    this.quietNanos = quietNanos;
  }

  /** {@code mac} (another host's) answered for {@code address}: raised the first time, else null. */
  public Change heard(InetAddress address, String mac, long now) {
    Long before = heard.put(new Holder(address, mac), now);
    return before == null ? new Change(address, mac, true) : null;
  }

  /** The holders that have been quiet for the quiet time, cleared now (called at each probe). */
  public List<Change> expire(long now) {
    List<Change> out = new ArrayList<>();
    heard.entrySet().removeIf(e -> {
      if (now - e.getValue() < quietNanos) {
        return false;
      }
      out.add(new Change(e.getKey().address(), e.getKey().mac(), false));
      return true;
    });
    return out;
  }

  /** Left MASTER (or the address is no longer ours): every conflict cleared. */
  public List<Change> clear() {
    List<Change> out = new ArrayList<>();
    heard.keySet().forEach(h -> out.add(new Change(h.address(), h.mac(), false)));
    heard.clear();
    return out;
  }

  /** Whether any conflict is raised now. */
  public boolean raised() {
    return !heard.isEmpty();
  }
}
