package io.vertalived.core.bus;

import java.time.Instant;

/**
 * An instance (or, with {@code group} true, a sync group) changed VRRP state. {@code from} and
 * {@code to} are INIT, BACKUP, MASTER, FAULT, STOP or DELETED; {@code priority} is the effective
 * priority after the transition; {@code reason} says why in words, e.g. "master down timer
 * expired".
 */
public record VrrpTransition(
    String node, @OptionalField(since = 2) String boot, long sequence, Instant timestamp, String instance,
    boolean group, String from, String to, int priority, String reason) implements BusMessage {}
