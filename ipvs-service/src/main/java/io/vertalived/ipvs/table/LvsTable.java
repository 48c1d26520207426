package io.vertalived.ipvs.table;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A table of virtual services by key: what the kernel holds, or what it should hold. A hash map: a change of one
 * service looks it up without comparing keys across a table of thousands; {@link #sorted} gives the key order.
 */
public record LvsTable(Map<ServiceKey, LvsVirtualService> services) {
  public static final LvsTable EMPTY = new LvsTable(Map.of());

  public LvsTable {
    services = java.util.Collections.unmodifiableMap(new HashMap<>(services));
  }

  /** The services in key order (for people: status, plans). */
  public List<LvsVirtualService> sorted() {
    return services.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(Map.Entry::getValue).toList();
  }

  public int destinationCount() {
    return services.values().stream().mapToInt(s -> s.destinations().size()).sum();
  }
}
