package io.vertalived.checker.health;

import io.vertalived.core.bus.LvsSuspension;
import io.vertalived.core.config.model.VirtualServer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the directors said of the virtual servers with {@code ha_suspend} ({@link LvsSuspension}, keepalived.conf(5)
 * {@code ha_suspend}): the checks of one run while any director said, within {@link #LIFETIME_NANOS}, that its
 * address is on it; until one has said so they wait, as keepalived's do on a host without the address. Safe to read
 * from every shard's thread.
 */
final class HaSuspendBoard {
  /** A report counts this long: directors say it again every resync (10 s); one that went away stops counting. */
  static final long LIFETIME_NANOS = 35_000_000_000L;

  private record Report(boolean active, long heardAt) {}

  private final Map<String, Map<String, Report>> byVirtualServer = new ConcurrentHashMap<>();

  void heard(LvsSuspension s, long now) {
    byVirtualServer.computeIfAbsent(s.virtualServer(), k -> new ConcurrentHashMap<>())
        .put(s.node(), new Report(s.active(), now));
  }

  /** Whether the checks of {@code vs} wait now. */
  boolean suspended(VirtualServer vs, long now) {
    if (!vs.haSuspend()) {
      return false;
    }
    Map<String, Report> reports = byVirtualServer.get(vs.label());
    return reports == null || reports.values().stream().noneMatch(r -> r.active() && now - r.heardAt() < LIFETIME_NANOS);
  }
}
