package io.vertalived.ipvs.table;

/**
 * The kernel's counters of a service or destination (IPVS_STATS_ATTR_*, and IPVS_DEST_ATTR_*_CONNS for a
 * destination), as {@code ipvsadm -Ln --stats} shows them.
 */
public record LvsCounters(long connections, long inPackets, long outPackets, long inBytes, long outBytes,
                          long activeConnections, long inactiveConnections) {
  public static final LvsCounters NONE = new LvsCounters(0, 0, 0, 0, 0, 0, 0);
}
