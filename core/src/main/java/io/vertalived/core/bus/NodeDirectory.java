package io.vertalived.core.bus;

import java.util.List;

/** Every live vertalived process of the cluster (a member that died drops out at once). */
public record NodeDirectory(List<NodeInfo> nodes) {
  public NodeDirectory {
    nodes = List.copyOf(nodes);
  }
}
