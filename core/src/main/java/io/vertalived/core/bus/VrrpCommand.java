package io.vertalived.core.bus;

/**
 * A command to a node's VRRP service: {@code handover} (planned, hitless: priority 0 with the
 * VIPs kept until a successor advertises) or {@code resume-preempt}, for one instance (a member
 * of a sync group acts for its whole group).
 */
public record VrrpCommand(String command, String instance) {
  public static final String HANDOVER = "handover";
  public static final String RESUME_PREEMPT = "resume-preempt";
}
