package io.vertalived.core.bus;

import java.util.List;

/**
 * The results of one second that said something new of their check, from one checker instance
 * while there are others: the instances keep each other's checks from these, so that a real
 * server taken over goes on from its last state.
 */
public record RetainedResults(String checker, List<CheckResult> results) {
  public RetainedResults {
    results = List.copyOf(results);
  }
}
