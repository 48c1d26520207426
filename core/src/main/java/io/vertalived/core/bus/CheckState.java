package io.vertalived.core.bus;

import java.util.List;

/** The latest result of each check asked for (the cluster's, or one checker instance's own). */
public record CheckState(List<CheckResult> checks) {
  public CheckState {
    checks = List.copyOf(checks);
  }
}
