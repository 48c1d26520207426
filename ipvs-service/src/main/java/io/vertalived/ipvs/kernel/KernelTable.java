package io.vertalived.ipvs.kernel;

import io.vertalived.ipvs.table.LvsCounters;
import io.vertalived.ipvs.table.LvsTable;
import io.vertalived.ipvs.table.ServiceKey;
import java.util.Map;

/**
 * A table read from the kernel, with the counters of its services and of their destinations (keyed by
 * {@code service key + " " + endpoint}).
 */
public record KernelTable(LvsTable table, Map<ServiceKey, LvsCounters> serviceCounters,
                          Map<String, LvsCounters> destinationCounters) {
  public KernelTable {
    serviceCounters = Map.copyOf(serviceCounters);
    destinationCounters = Map.copyOf(destinationCounters);
  }

  public static String destinationKey(ServiceKey k, String endpoint) {
    return k + " " + endpoint;
  }

  public LvsCounters counters(ServiceKey k) {
    return serviceCounters.getOrDefault(k, LvsCounters.NONE);
  }

  public LvsCounters counters(ServiceKey k, String endpoint) {
    return destinationCounters.getOrDefault(destinationKey(k, endpoint), LvsCounters.NONE);
  }
}
