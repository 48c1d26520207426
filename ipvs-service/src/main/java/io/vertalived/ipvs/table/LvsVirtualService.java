package io.vertalived.ipvs.table;

import java.util.Map;
import java.util.TreeMap;

/** A virtual service with its destinations by endpoint ({@code ip:port}). */
public record LvsVirtualService(LvsService service, Map<String, LvsDestination> destinations) {
  public LvsVirtualService {
    destinations = java.util.Collections.unmodifiableMap(new TreeMap<>(destinations));
  }
}
