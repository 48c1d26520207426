package io.vertalived.core.bus;

import java.util.List;

/** A node's latest result of every tracker it runs. */
public record TrackState(List<TrackResult> results) {
  public TrackState {
    results = List.copyOf(results);
  }
}
