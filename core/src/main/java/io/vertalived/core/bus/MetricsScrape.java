package io.vertalived.core.bus;

/**
 * One process's metrics (the reply of {@link Addresses#METRICS}): its registry in the Prometheus
 * text format, every sample already labelled with the process's {@code node} and {@code member}.
 */
public record MetricsScrape(String node, String member, String text) {}
