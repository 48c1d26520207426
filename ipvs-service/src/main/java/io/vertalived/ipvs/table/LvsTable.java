package io.vertalived.ipvs.table;

import java.util.Map;
import java.util.TreeMap;

/** A table of virtual services by key: what the kernel holds, or what it should hold. */
public record LvsTable(Map<ServiceKey, LvsVirtualService> services) {
  public static final LvsTable EMPTY = new LvsTable(Map.of());

  public LvsTable {
    services = java.util.Collections.unmodifiableMap(new TreeMap<>(services));
  }

  public int destinationCount() {
    return services.values().stream().mapToInt(s -> s.destinations().size()).sum();
  }
}
