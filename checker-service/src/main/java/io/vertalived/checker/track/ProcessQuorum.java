package io.vertalived.checker.track;

/**
 * The state of one {@code vrrp_track_process} from its number of matching processes (keepalived.conf(5) VRRP track processes):
 * up while {@code quorum <= count <= quorum_max}. Gaining quorum is reported after
 * {@code fork_delay}, losing it after {@code terminate_delay}, and only if it still holds then;
 * the first observation is reported at once. Pure: the caller passes a monotonic {@code now}.
 */
final class ProcessQuorum {
  private final int quorum;
  private final int quorumMax;
  private final long forkDelayNanos;
  private final long terminateDelayNanos;
  private Boolean state;
  private long pendingSince = -1;

  ProcessQuorum(int quorum, int quorumMax, double forkDelaySeconds, double terminateDelaySeconds) {
    this.quorum = quorum;
    this.quorumMax = quorumMax;
    this.forkDelayNanos = Math.round(forkDelaySeconds * 1e9);
    this.terminateDelayNanos = Math.round(terminateDelaySeconds * 1e9);
  }

  /** The new state when it changes with this observation, else null. */
  Boolean observe(long now, int count) {
    boolean target = count >= quorum && count <= quorumMax;
    if (state == null || state == target && pendingSince < 0) {
      boolean first = state == null;
      state = target;
      return first ? target : null;
    }
    if (state == target) {
      pendingSince = -1;
      return null;
    }
    if (pendingSince < 0) {
      pendingSince = now;
    }
    if (now - pendingSince >= (target ? forkDelayNanos : terminateDelayNanos)) {
      state = target;
      pendingSince = -1;
      return target;
    }
    return null;
  }
}
