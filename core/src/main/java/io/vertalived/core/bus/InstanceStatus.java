package io.vertalived.core.bus;

import java.time.Instant;
import java.util.List;

/**
 * The current state of one VRRP instance on one node (a reply of {@link Addresses#VRRP_STATUS}).
 * {@code preemptSuspended}: after a planned handover the instance keeps a lower-priority master
 * (as {@code nopreempt}) until it is MASTER again or told {@code resume-preempt}.
 */
public record InstanceStatus(
    String node, Instant timestamp, String instance, String state, int basePriority, int effectivePriority,
    int virtualRouterId, String interfaceName, String masterAddress, List<String> virtualIpAddresses,
    boolean preemptSuspended) {
  public InstanceStatus {
    virtualIpAddresses = List.copyOf(virtualIpAddresses);
  }
}
