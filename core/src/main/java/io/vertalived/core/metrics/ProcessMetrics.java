package io.vertalived.core.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The metrics of one vertalived process (docs/metrics.md): one Micrometer Prometheus registry per
 * Vert.x, fed by vertx-micrometer-metrics (event bus, HTTP, JVM) and by the services' own meters
 * ({@link #registry}). The gateway serves every process's registry together at {@code /metrics}.
 */
public final class ProcessMetrics {
  private static final Map<Vertx, PrometheusMeterRegistry> REGISTRIES = new WeakHashMap<>();
  /** Records nothing: a Vert.x started without metrics (unit tests, command-line clients). */
  private static final MeterRegistry NONE = new CompositeMeterRegistry();

  private ProcessMetrics() {}

  /** A registry for a Vert.x about to be built with {@link #enable}. */
  public static PrometheusMeterRegistry newRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // Micrometer names a few JVM meters against Prometheus' conventions (promtool check metrics):
    // units in the name (jvm_compilation_time_ms_total, process_cpu_time_ns_total) and a gauge
    // named _count (system_cpu_count); they say little about a keepalived, so they are left out
    registry.config().meterFilter(io.micrometer.core.instrument.config.MeterFilter.denyNameStartsWith("jvm.compilation"))
        .meterFilter(io.micrometer.core.instrument.config.MeterFilter.deny(id -> id.getName().equals("process.cpu.time")
            || id.getName().equals("system.cpu.count")));
    return registry;
  }

  /** Turns Vert.x's own metrics on into {@code registry} (event bus, HTTP servers and clients, JVM). */
  public static VertxBuilder enable(VertxBuilder builder, VertxOptions options, PrometheusMeterRegistry registry) {
    options.setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true));
    return builder.with(options).withMetrics(new MicrometerMetricsFactory(registry));
  }

  /** Binds {@code registry} to {@code vertx}: the services find it with {@link #registry}. */
  public static synchronized void attach(Vertx vertx, PrometheusMeterRegistry registry) {
    REGISTRIES.put(vertx, registry);
  }

  /** The registry the services of {@code vertx} record into; one that records nothing when metrics are off. */
  public static synchronized MeterRegistry registry(Vertx vertx) {
    PrometheusMeterRegistry r = REGISTRIES.get(vertx);
    return r == null ? NONE : r;
  }

  /** The Prometheus registry of {@code vertx}, or null when it has none. */
  public static synchronized PrometheusMeterRegistry prometheus(Vertx vertx) {
    return REGISTRIES.get(vertx);
  }
}
