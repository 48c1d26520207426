package io.vertalived.core.bus;

import java.util.List;

/** The reply of {@link Addresses#VRRP_STATS}: keepalived's counters of the instances asked for. */
public record InstanceStatsList(List<InstanceStats> instances) {
  public InstanceStatsList {
    instances = List.copyOf(instances);
  }
}
