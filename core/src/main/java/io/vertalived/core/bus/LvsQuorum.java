package io.vertalived.core.bus;

import java.time.Instant;

/**
 * A virtual server gained ({@code up}) or lost its quorum (keepalived.conf(5) {@code quorum}, {@code hysteresis}):
 * the weight of its alive real servers crossed {@code threshold}. {@code sorryServer} is the sorry server's endpoint
 * when one is configured (in use while quorum is lost); {@code detail} is keepalived's log line
 * ({@code Lost quorum 3-1=2 > 1 for VS [198.18.0.1]:tcp:80}). Published by the ipvs service of {@code node}.
 * Contract version 4.
 */
public record LvsQuorum(String node, String boot, long sequence, Instant timestamp, String virtualServer,
                        boolean up, long aliveWeight, long threshold, String sorryServer, String detail)
    implements BusMessage {}
