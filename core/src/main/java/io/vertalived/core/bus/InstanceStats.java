package io.vertalived.core.bus;

import java.time.Instant;

/**
 * keepalived's per-instance VRRP counters (its stats dump, keepalived(8) SIGNALS) for one
 * instance on one node, as answered on {@link Addresses#VRRP_STATS}. Counted since the service
 * started (a reload keeps them, as keepalived's does).
 */
public record InstanceStats(
    String node, Instant timestamp, String instance,
    long advertRcvd, long advertSent, long becomeMaster, long releaseMaster,
    long packetLenErr, long ipTtlErr, long invalidTypeRcvd, long advertIntervalErr,
    long addrListErr, long invalidAuthType, long authTypeMismatch, long authFailure,
    long priZeroRcvd, long priZeroSent) {}
