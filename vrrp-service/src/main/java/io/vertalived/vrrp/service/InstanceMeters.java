package io.vertalived.vrrp.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertalived.vrrp.packet.VrrpStats;
import io.vertalived.vrrp.protocol.VrrpState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * One VRRP instance's meters (docs/metrics.md): its state (one series per state, 1 for the
 * current one), base and effective priority, keepalived's counters (its stats dump), transitions
 * by the state they went to, and how long a takeover's silence lasted. Read on the scrape's thread
 * from values the VRRP thread writes: a scrape sees them a moment late, never torn.
 */
final class InstanceMeters {
  /** What the stats dump counts, as Prometheus counters ({@code vertalived_vrrp_X_total}). */
  private static final Map<String, ToLongFunction<VrrpStats.Snapshot>> COUNTERS = Map.ofEntries(
      Map.entry("adverts.received", VrrpStats.Snapshot::advertRcvd),
      Map.entry("adverts.sent", VrrpStats.Snapshot::advertSent),
      Map.entry("become.master", VrrpStats.Snapshot::becomeMaster),
      Map.entry("release.master", VrrpStats.Snapshot::releaseMaster),
      Map.entry("packet.length.errors", VrrpStats.Snapshot::packetLenErr),
      Map.entry("ip.ttl.errors", VrrpStats.Snapshot::ipTtlErr),
      Map.entry("invalid.type.received", VrrpStats.Snapshot::invalidTypeRcvd),
      Map.entry("advert.interval.errors", VrrpStats.Snapshot::advertIntervalErr),
      Map.entry("address.list.errors", VrrpStats.Snapshot::addrListErr),
      Map.entry("invalid.auth.type", VrrpStats.Snapshot::invalidAuthType),
      Map.entry("auth.type.mismatch", VrrpStats.Snapshot::authTypeMismatch),
      Map.entry("auth.failures", VrrpStats.Snapshot::authFailure),
      Map.entry("priority.zero.received", VrrpStats.Snapshot::priZeroRcvd),
      Map.entry("priority.zero.sent", VrrpStats.Snapshot::priZeroSent));
  private static final List<VrrpState> STATES = List.of(VrrpState.INIT, VrrpState.BACKUP, VrrpState.MASTER,
      VrrpState.FAULT, VrrpState.STOP);
  private final MeterRegistry registry;
  private final String instance;
  private final List<Meter> meters = new ArrayList<>();
  private final Map<VrrpState, Counter> transitions = new EnumMap<>(VrrpState.class);
  private final Timer failover;
  private final Counter duplicates;
  private final Runner runner;

  /**
   * @param runners the instance's runner now (null while it has none): a runner replaced by a
   *     reload is measured under the same series
   */
  InstanceMeters(MeterRegistry registry, String instance, Function<String, InstanceRunner> runners) {
    this.registry = registry;
    this.instance = instance;
    // held here: a gauge keeps only a weak reference to what it reads
    this.runner = new Runner(instance, runners);
    for (VrrpState s : STATES) {
      meters.add(Gauge.builder("vertalived.vrrp.state", runner, r -> r.value(x -> x.machine().state() == s ? 1 : 0))
          .tag("vrrp_instance", instance).tag("state", s.name())
          .description("1 for the VRRP instance's current state, 0 for the others").register(registry));
    }
    meters.add(Gauge.builder("vertalived.vrrp.priority", runner, r -> r.value(x -> x.machine().effectivePriority()))
        .tag("vrrp_instance", instance).description("The instance's effective priority (base and its trackers' weights)")
        .register(registry));
    meters.add(Gauge.builder("vertalived.vrrp.dual.master", runner, r -> r.value(x -> x.dualMaster() ? 1 : 0))
        .tag("vrrp_instance", instance).description("1 while this MASTER hears another router advertise its VRID (split brain)")
        .register(registry));
    meters.add(Gauge.builder("vertalived.vrrp.duplicate.vip", runner, r -> r.value(x -> x.duplicateAddress() ? 1 : 0))
        .tag("vrrp_instance", instance)
        .description("1 while another host answers ARP for a VIP this MASTER holds (duplicate VIP)").register(registry));
    duplicates = Counter.builder("vertalived.vrrp.duplicate.vips").tag("vrrp_instance", instance)
        .description("Duplicate VIPs found: another host answering ARP for a VIP of this MASTER").register(registry);
    meters.add(duplicates);
    meters.add(Gauge.builder("vertalived.vrrp.base.priority", runner, r -> r.value(InstanceRunner::basePriority))
        .tag("vrrp_instance", instance).description("The instance's configured priority").register(registry));
    COUNTERS.forEach((name, f) -> meters.add(FunctionCounter.builder("vertalived.vrrp." + name, runner,
            r -> r.value(x -> f.applyAsLong(x.counters().snapshot())))
        .tag("vrrp_instance", instance).description("keepalived's " + name.replace('.', ' ') + " counter of the instance")
        .register(registry)));
    for (VrrpState s : STATES) {
      Counter c = Counter.builder("vertalived.vrrp.transitions").tag("vrrp_instance", instance).tag("to", s.name())
          .description("State changes of the instance, by the state it went to").register(registry);
      transitions.put(s, c);
      meters.add(c);
    }
    failover = Timer.builder("vertalived.vrrp.failover").tag("vrrp_instance", instance)
        .description("Takeovers after the master fell silent: from its last advert heard to this node's MASTER")
        .serviceLevelObjectives(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3),
            Duration.ofSeconds(5), Duration.ofSeconds(10))
        .register(registry);
    meters.add(failover);
  }

  /** The runner of a name, looked up at each read. */
  private record Runner(String name, Function<String, InstanceRunner> runners) {
    double value(java.util.function.ToDoubleFunction<InstanceRunner> f) {
      InstanceRunner r = runners.apply(name);
      return r == null ? Double.NaN : f.applyAsDouble(r);
    }
  }

  void transition(VrrpState to) {
    Counter c = transitions.get(to);
    if (c != null) {
      c.increment();
    }
  }

  void duplicateAddress() {
    duplicates.increment();
  }

  void failover(long nanos) {
    failover.record(Duration.ofNanos(nanos));
  }

  /** The instance is gone: its series go with it. */
  void close() {
    meters.forEach(registry::remove);
  }
}
