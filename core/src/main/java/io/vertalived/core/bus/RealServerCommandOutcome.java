package io.vertalived.core.bus;

import java.util.List;

/**
 * What a {@link RealServerCommand} did: the real server's state afterwards and, for
 * {@code check}, the results of the checks it ran; {@code outcome} in words.
 */
public record RealServerCommandOutcome(String action, RealServerState state, List<CheckResult> checks, String outcome) {
  public RealServerCommandOutcome {
    checks = List.copyOf(checks);
  }
}
