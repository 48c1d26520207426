package io.vertalived.core.bus;

import java.time.Instant;
import java.util.List;

/**
 * The ipvs service of {@code node} changed its kernel table ({@code backend} {@code ipvs} or {@code nftables}):
 * {@code operations} in order, as words ({@code add 198.18.0.2:80 to TCP  198.18.0.1:80 weight 1});
 * {@code failures} those the kernel refused, with its reason; {@code trigger} what led to it ({@code start},
 * {@code health}, {@code reload}, {@code resync} after a drift, {@code stop}). Contract version 4.
 */
public record LvsChange(String node, String boot, long sequence, Instant timestamp, String backend, String trigger,
                        List<String> operations, List<String> failures) implements BusMessage {
  public LvsChange {
    operations = List.copyOf(operations);
    failures = List.copyOf(failures);
  }
}
