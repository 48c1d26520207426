package io.vertalived.core.config.model;

import java.util.List;

/**
 * One line of {@code virtual_routes}/{@code static_routes} ({@code ip route} syntax) or
 * {@code virtual_rules}/{@code static_rules} ({@code ip rule} syntax). The destination and the
 * common attributes are typed; every option is also kept in order in {@code words}.
 */
public record RouteSpec(
    String destination,
    String source,
    String via,
    String device,
    String table,
    String metric,
    String scope,
    String type,
    boolean noTrack,
    List<String> words) {
  public RouteSpec {
    words = List.copyOf(words);
  }
}
