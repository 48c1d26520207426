package io.vertalived.core.config.model;

/** One {@code unicast_peer} entry with its optional accepted TTL range. */
public record UnicastPeer(IpAddress address, int minTtl, int maxTtl) {}
