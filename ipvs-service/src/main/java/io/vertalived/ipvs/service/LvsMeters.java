package io.vertalived.ipvs.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertalived.ipvs.reconcile.LvsOperation;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ipvs service's meters (docs/metrics.md): operations applied and refused by kind, convergences and their
 * duration, drifts found, and per virtual server its quorum and destinations.
 */
final class LvsMeters {
  private final MeterRegistry registry;
  private final String backend;
  private final Timer convergence;
  private final Counter drifts;
  /** Strong references: Micrometer's gauges hold weak ones. */
  private final Map<String, AtomicInteger> quorumUp = new ConcurrentHashMap<>();

  LvsMeters(MeterRegistry registry, String backend) {
    this.registry = registry;
    this.backend = backend;
    this.convergence = Timer.builder("vertalived_lvs_convergence_seconds")
        .description("Time to bring the kernel's table to the desired one, kernel reads included")
        .tag("backend", backend).publishPercentileHistogram().register(registry);
    this.drifts = Counter.builder("vertalived_lvs_drifts_total")
        .description("Reads of the kernel's table that found it changed behind the ipvs service's back")
        .tag("backend", backend).register(registry);
  }

  void converged(Convergence c, long nanos) {
    convergence.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    if (c.drift()) {
      drifts.increment();
    }
    Map<Class<?>, Integer> byKind = new java.util.HashMap<>();
    for (LvsOperation op : c.applied()) {
      byKind.merge(op.getClass(), 1, Integer::sum);
    }
    byKind.forEach((kind, n) -> operations(KINDS.get(kind), "applied").increment(n));
    if (!c.failures().isEmpty()) {
      operations("any", "refused").increment(c.failures().size());
    }
  }

  /** Operation kinds as their label says them: add_service, edit_destination... */
  private static final ClassValue<String> KINDS = new ClassValue<>() {
    @Override
    protected String computeValue(Class<?> type) {
      return type.getSimpleName().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
  };

  private Counter operations(String kind, String outcome) {
    return Counter.builder("vertalived_lvs_operations_total").tag("backend", backend).tag("operation", kind)
        .tag("outcome", outcome).description("Operations on the kernel's table, by kind and outcome")
        .register(registry);
  }

  void quorum(String virtualServer, boolean up) {
    quorumUp.computeIfAbsent(virtualServer, vs -> {
      AtomicInteger v = new AtomicInteger();
      Gauge.builder("vertalived_lvs_quorum_up", v, AtomicInteger::get).tag("virtual_server", vs)
          .description("1 while the virtual server has its quorum").register(registry);
      return v;
    }).set(up ? 1 : 0);
  }
}
