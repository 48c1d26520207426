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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.WeakHashMap;

/**
 * The metrics of one vertalived process (docs/metrics.md): one Micrometer Prometheus registry per
 * Vert.x, fed by vertx-micrometer-metrics (event bus, HTTP, JVM) and by the services' own meters
 * ({@link #registry}), and by {@link TextSource}s: families too many to keep as Micrometer meters
 * (a checker's thousands of real servers), written straight as text at each scrape. The gateway
 * serves every process's scrape together at {@code /metrics}.
 */
public final class ProcessMetrics {
  /**
   * Families written straight in the Prometheus text format (0.0.4) at each scrape, each with its
   * {@code # HELP} and {@code # TYPE} once; called on a worker thread, while the owner records.
   */
  public interface TextSource {
    /**
     * Appends the source's families; {@code labels} ({@link PrometheusText#labelList}, maybe empty)
     * go first in every sample's label set, as the process's labels do in the registry's samples.
     */
    void writeTo(StringBuilder out, String labels);
  }
  /** The size of the last scrape, to size the next one's buffer (a scrape is megabytes: no regrowth). */
  private static volatile int lastScrapeChars = 64 * 1024;

  private static final Map<Vertx, PrometheusMeterRegistry> REGISTRIES = new WeakHashMap<>();
  private static final Map<Vertx, List<TextSource>> SOURCES = new WeakHashMap<>();
  /** Records nothing: a Vert.x started without metrics (unit tests, command-line clients, a lone VRRP node). */
  private static final class None {
    static final MeterRegistry REGISTRY = new CompositeMeterRegistry();
  }

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
    return r == null ? None.REGISTRY : r;
  }

  /**
   * Whether {@code vertx} keeps metrics: without, {@link #registry} records nothing, and a service need not make
   * its meters (a lone VRRP node then loads no Micrometer class).
   */
  public static synchronized boolean keeps(Vertx vertx) {
    return REGISTRIES.get(vertx) != null;
  }

  /** The Prometheus registry of {@code vertx}, or null when it has none. */
  public static synchronized PrometheusMeterRegistry prometheus(Vertx vertx) {
    return REGISTRIES.get(vertx);
  }

  /** Adds {@code source} to the scrapes of {@code vertx}; false (and nothing added) when it keeps no metrics. */
  public static synchronized boolean addSource(Vertx vertx, TextSource source) {
    if (REGISTRIES.get(vertx) == null) {
      return false;
    }
    SOURCES.computeIfAbsent(vertx, v -> new CopyOnWriteArrayList<>()).add(source);
    return true;
  }

  public static synchronized void removeSource(Vertx vertx, TextSource source) {
    List<TextSource> list = SOURCES.get(vertx);
    if (list != null) {
      list.remove(source);
    }
  }

  /** This process's scrape: its registry's families, then its text sources'; null when it keeps no metrics. */
  public static String scrape(Vertx vertx) {
    return scrape(vertx, Map.of());
  }

  /**
   * This process's scrape with {@code labels} first in every sample (the gateway's {@code node} and
   * {@code member}): its registry's families, then its text sources', written into one buffer; null
   * when it keeps no metrics.
   */
  public static String scrape(Vertx vertx, Map<String, String> labels) {
    PrometheusMeterRegistry registry;
    List<TextSource> sources;
    synchronized (ProcessMetrics.class) {
      registry = REGISTRIES.get(vertx);
      sources = SOURCES.getOrDefault(vertx, List.of());
    }
    if (registry == null) {
      return null;
    }
    String add = PrometheusText.labelList(labels);
    StringBuilder out = new StringBuilder(lastScrapeChars + lastScrapeChars / 8);
    PrometheusText.appendWithLabels(out, registry.scrape(), add);
    sources.forEach(s -> s.writeTo(out, add));
    lastScrapeChars = out.length();
    return out.toString();
  }
}
