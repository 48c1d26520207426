package io.vertalived.core.bus;

import java.time.Instant;
import java.util.List;

/**
 * The current state of one VRRP instance on one node (a reply of {@link Addresses#VRRP_STATUS}).
 * {@code preemptSuspended}: after a planned handover the instance keeps a lower-priority master
 * (as {@code nopreempt}) until it is MASTER again or told {@code resume-preempt}. Since contract
 * version 3: the instance's sync group and that group's state (empty when it has none), and its
 * trackers with their weights and states, and {@code dualMaster}: this MASTER hears another router
 * advertise its VRID (a split brain, {@link VrrpAlert}).
 */
public record InstanceStatus(
    String node, Instant timestamp, String instance, String state, int basePriority, int effectivePriority,
    int virtualRouterId, String interfaceName, String masterAddress, List<String> virtualIpAddresses,
    boolean preemptSuspended, @OptionalField(since = 3) String syncGroup,
    @OptionalField(since = 3) String syncGroupState, @OptionalField(since = 3) List<TrackerStatus> trackers,
    @OptionalField(since = 3) boolean dualMaster) {
  public InstanceStatus {
    virtualIpAddresses = List.copyOf(virtualIpAddresses);
    syncGroup = syncGroup == null ? "" : syncGroup;
    syncGroupState = syncGroupState == null ? "" : syncGroupState;
    trackers = trackers == null ? List.of() : List.copyOf(trackers);
  }

  /** Without the split-brain flag (tests, and bodies of earlier versions). */
  public InstanceStatus(String node, Instant timestamp, String instance, String state, int basePriority,
                        int effectivePriority, int virtualRouterId, String interfaceName, String masterAddress,
                        List<String> virtualIpAddresses, boolean preemptSuspended, String syncGroup,
                        String syncGroupState, List<TrackerStatus> trackers) {
    this(node, timestamp, instance, state, basePriority, effectivePriority, virtualRouterId, interfaceName, masterAddress,
        virtualIpAddresses, preemptSuspended, syncGroup, syncGroupState, trackers, false);
  }
}
