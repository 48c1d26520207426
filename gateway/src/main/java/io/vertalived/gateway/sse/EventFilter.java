package io.vertalived.gateway.sse;

import io.vertalived.core.journal.PublishedEvent;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What an SSE client asked for (docs/api.md): {@code type}, {@code node} and {@code instance},
 * each a comma-separated list, each empty for all. An instance matches a VRRP instance or group,
 * a real server or its virtual server, an endpoint. Pure.
 */
public record EventFilter(Set<String> types, Set<String> nodes, Set<String> instances) {
  public static final EventFilter ALL = new EventFilter(Set.of(), Set.of(), Set.of());
  /** The event types of the stream. */
  public static final java.util.List<String> TYPES = java.util.List.of(PublishedEvent.VRRP, PublishedEvent.GROUP,
      PublishedEvent.REAL_SERVER, PublishedEvent.CONFIG, PublishedEvent.PARKED, PublishedEvent.ALERT,
      PublishedEvent.QUORUM, PublishedEvent.LVS_CHANGE);

  public static EventFilter of(String types, String nodes, String instances) {
    return new EventFilter(split(types), split(nodes), split(instances));
  }

  private static Set<String> split(String list) {
    if (list == null || list.isBlank()) {
      return Set.of();
    }
    return Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
  }

  public boolean wants(PublishedEvent e) {
    return (types.isEmpty() || types.contains(e.type())) && (nodes.isEmpty() || nodes.contains(e.node()))
        && (instances.isEmpty() || instances.contains(e.subject())
        || e.virtualServer() != null && instances.contains(e.virtualServer()));
  }
}
