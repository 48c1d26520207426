package io.vertalived.core.bus;

import java.time.Instant;

/**
 * A real server's health: alive (all its checkers up) or dead, with the weight it should carry
 * (0 when dead or drained by the operator; its {@code misc_dynamic} weight if one was set, else its
 * configured weight). {@code drained} (contract version 3): the operator drained it (it stays
 * alive, with weight 0, until enabled).
 * Published when it changes; {@link Addresses#REAL_SERVER_SNAPSHOT} answers the current one of
 * every real server.
 */
public record RealServerState(
    String node, @OptionalField(since = 2) String boot, long sequence, Instant timestamp, String virtualServer,
    String realServer, boolean alive, int weight, String reason, @OptionalField(since = 3) boolean drained)
    implements BusMessage {
  /** Not drained. */
  public RealServerState(String node, String boot, long sequence, Instant timestamp, String virtualServer,
                         String realServer, boolean alive, int weight, String reason) {
    this(node, boot, sequence, timestamp, virtualServer, realServer, alive, weight, reason, false);
  }
}
