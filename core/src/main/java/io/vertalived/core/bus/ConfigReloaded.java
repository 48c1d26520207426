package io.vertalived.core.bus;

import java.time.Instant;
import java.util.List;

/**
 * A configuration was loaded: at start, and at every reload. {@code accepted} false means it was
 * rejected and the previous one keeps running; {@code problems} are its diagnostics as {@code -t}
 * prints them; {@code trigger} says what asked for it ({@code start}, {@code SIGHUP}, {@code bus},
 * {@code command}); {@code changes} what the services changed, in words ("VI_2 added",
 * "VI_1 priority 100 -> 150").
 */
public record ConfigReloaded(
    String node, @OptionalField(since = 2) String boot, long sequence, Instant timestamp, List<String> files,
    boolean accepted, int vrrpInstances, int virtualServers, List<String> problems,
    @OptionalField(since = 2) String trigger, @OptionalField(since = 2) List<String> changes) implements BusMessage {
  public ConfigReloaded {
    files = List.copyOf(files);
    problems = List.copyOf(problems);
    changes = changes == null ? List.of() : List.copyOf(changes);
  }
}
