package io.vertalived.core.bus;

import java.time.Instant;
import java.util.List;

/**
 * A configuration was loaded. {@code accepted} false means it was rejected and the previous one
 * keeps running; {@code problems} are its diagnostics as {@code -t} prints them.
 */
public record ConfigReloaded(
    String node, long sequence, Instant timestamp, List<String> files, boolean accepted,
    int vrrpInstances, int virtualServers, List<String> problems) implements BusMessage {
  public ConfigReloaded {
    files = List.copyOf(files);
    problems = List.copyOf(problems);
  }
}
