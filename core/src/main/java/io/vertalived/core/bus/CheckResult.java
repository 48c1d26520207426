package io.vertalived.core.bus;

import java.time.Instant;

/**
 * One finished health check. {@code checkId} is stable across restarts and nodes
 * ({@code VS/RS/TYPE#n}); {@code reason} explains a failure ("HTTP status 503 not in 200-299");
 * {@code dynamicWeight} is -1 unless MISC_CHECK {@code misc_dynamic} set one; {@code checker} is
 * the checker instance that ran it ({@code node/instance}). Only results that say something new
 * of their check cross the cluster and are numbered; the others reach consumers in the checker's
 * own JVM with {@code sequence} 0 (docs/event-bus.md).
 */
public record CheckResult(
    String node, @OptionalField(since = 2) String boot, long sequence, Instant timestamp, String checkId,
    String virtualServer, String realServer, String checkType, boolean up, String reason, double latencyMillis,
    int dynamicWeight, String checker) implements BusMessage {}
