package io.vertalived.vrrp.dump;

import io.vertalived.core.config.model.VrrpInstance;
import io.vertalived.vrrp.packet.VrrpStats;
import java.util.Map;

/**
 * One instance as keepalived's dumps show it, taken on the VRRP thread: its configuration, state,
 * timers (as epoch microseconds), the master it follows, whether it holds its VIPs, its faults,
 * counters, sockets and its tracked scripts' states (null: not reported yet).
 *
 * @param readTimeoutMicros when its timer fires next, or -1 (DISABLED)
 * @param masterAddress the master a BACKUP follows ("" otherwise)
 * @param fds {@code fd_in, fd_out}, or null when no socket is open
 */
public record InstanceSnapshot(VrrpInstance vi, String state, String syncGroup, int effectivePriority,
                               long lastTransitionMicros, long readTimeoutMicros, long masterDownMicros,
                               String masterAddress, int masterPriority, long masterAdverIntervalMicros,
                               boolean vipSet, int faults, VrrpStats.Snapshot stats, int[] fds, String source,
                               Map<String, Boolean> scripts) {}
