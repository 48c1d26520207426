package io.vertalived.core.bus;

import java.time.Instant;

/**
 * Whether the checks of a virtual server with {@code ha_suspend} run (keepalived.conf(5) {@code ha_suspend}):
 * {@code active} while its address is on the director of {@code node} (the host of an ipvs service), suspended
 * otherwise; {@code reason} says it in words ({@code 198.18.0.1 is on this host}). Published by that ipvs service
 * when it changes and again at every resync, so that a checker instance that starts later learns it and a director
 * that went away stops counting. A checker runs those checks while any director reports them active. Contract
 * version 5.
 */
public record LvsSuspension(String node, String boot, long sequence, Instant timestamp, String virtualServer,
                            boolean active, String reason) implements BusMessage {}
