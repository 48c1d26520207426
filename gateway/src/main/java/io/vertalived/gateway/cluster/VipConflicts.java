package io.vertalived.gateway.cluster;

import io.vertalived.core.bus.InstanceStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The cluster view's split-brain check (docs/api.md): a virtual address held by MASTER instances
 * of two or more nodes at once. Pure.
 */
public final class VipConflicts {
  /** One address held by MASTERs of several nodes: {@code holders} are {@code node/instance}, sorted. */
  public record Conflict(String address, List<String> holders) {
    public Conflict {
      holders = List.copyOf(holders);
    }

    /** The nodes, sorted, without repeats. */
    public List<String> nodes() {
      return List.copyOf(new TreeSet<>(holders.stream().map(h -> h.substring(0, h.indexOf('/'))).toList()));
    }

    public String describe() {
      return address + " is held by MASTERs of " + nodes().size() + " nodes: " + String.join(", ", holders);
    }
  }

  private VipConflicts() {}

  /** Every address held by MASTERs of more than one node, by address. */
  public static List<Conflict> find(List<InstanceStatus> instances) {
    Map<String, TreeSet<String>> holders = new TreeMap<>();
    for (InstanceStatus i : instances) {
      if (!"MASTER".equals(i.state())) {
        continue;
      }
      for (String vip : i.virtualIpAddresses()) {
        String address = vip.contains("/") ? vip.substring(0, vip.indexOf('/')) : vip;
        holders.computeIfAbsent(address, k -> new TreeSet<>()).add(i.node() + "/" + i.instance());
      }
    }
    List<Conflict> out = new ArrayList<>();
    holders.forEach((address, h) -> {
      Conflict c = new Conflict(address, List.copyOf(h));
      if (c.nodes().size() > 1) {
        out.add(c);
      }
    });
    return out;
  }
}
