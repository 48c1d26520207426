package io.vertalived.core.bus;

import java.time.Instant;

/** A real server became alive (all its checkers up) or dead, with the weight it should carry. */
public record RealServerState(
    String node, long sequence, Instant timestamp, String virtualServer, String realServer,
    boolean alive, int weight, String reason) implements BusMessage {}
