package io.vertalived.core.bus;

import java.util.List;

/** The reply of {@link Addresses#VRRP_STATUS}: the state of the instances asked for. */
public record InstanceStatusList(List<InstanceStatus> instances) {
  public InstanceStatusList {
    instances = List.copyOf(instances);
  }
}
