package io.vertalived.core.config.model;

import java.util.List;

/** {@code vrrp_track_process NAME} (keepalived.conf(5) VRRP track processes). */
public record TrackProcess(
    String name,
    String process,
    List<String> parameters,
    String paramMatch,
    boolean fullCommand,
    int weight,
    boolean weightReverse,
    int quorum,
    int quorumMax,
    double forkDelay,
    double terminateDelay) {
  public TrackProcess {
    parameters = List.copyOf(parameters);
  }
}
