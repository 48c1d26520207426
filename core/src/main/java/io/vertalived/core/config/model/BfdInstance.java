package io.vertalived.core.config.model;

/**
 * {@code bfd_instance NAME} (keepalived.conf(5) BFD CONFIGURATION, RFC 5880). Intervals in milliseconds. {@code vrrp} and
 * {@code checker} say which subsystems receive its events (both when neither is given).
 */
public record BfdInstance(
    String name,
    IpAddress neighborIp,
    IpAddress sourceIp,
    int minRxMillis,
    int minTxMillis,
    int idleTxMillis,
    int multiplier,
    boolean passive,
    int ttl,
    int hopLimit,
    int maxHops,
    boolean multihop,
    int weight,
    boolean vrrp,
    boolean checker) {}
