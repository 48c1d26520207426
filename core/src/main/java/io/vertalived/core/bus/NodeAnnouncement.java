package io.vertalived.core.bus;

import java.time.Instant;

/**
 * A process joined the cluster ({@code change} {@code joined}), stopped ({@code left}) or
 * died ({@code lost}: its cluster member was dropped; announced by the oldest member).
 */
public record NodeAnnouncement(String node, String boot, long sequence, Instant timestamp, String change,
                               NodeInfo info) implements BusMessage {}
