package io.vertalived.core.bus;

import java.time.Instant;

/**
 * A real server's health: alive (all its checkers up) or dead, with the weight it should carry
 * (0 when dead; its {@code misc_dynamic} weight if one was set, else its configured weight).
 * Published when it changes; {@link Addresses#REAL_SERVER_SNAPSHOT} answers the current one of
 * every real server.
 */
public record RealServerState(
    String node, @OptionalField(since = 2) String boot, long sequence, Instant timestamp, String virtualServer,
    String realServer, boolean alive, int weight, String reason) implements BusMessage {}
