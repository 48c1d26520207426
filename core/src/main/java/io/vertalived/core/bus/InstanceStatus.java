package io.vertalived.core.bus;

import java.time.Instant;
import java.util.List;

/**
 * The current state of one VRRP instance on one node, as answered on {@link Addresses#vrrpStatus(String)}.
 * {@code preemptSuspended}: after a planned handover the instance keeps a lower-priority master
 * (as {@code nopreempt}) until it is MASTER again or told {@code resume-preempt}.
 */
public record InstanceStatus(
    String node, long sequence, Instant timestamp, String instance, String state,
    int basePriority, int effectivePriority, int virtualRouterId, String interfaceName,
    String masterAddress, List<String> virtualIpAddresses, boolean preemptSuspended) implements BusMessage {
  public InstanceStatus {
    virtualIpAddresses = List.copyOf(virtualIpAddresses);
  }
}
