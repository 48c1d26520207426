package io.vertalived.core.bus;

import java.util.List;

/**
 * The current state of every real server the checker instances own (the reply of
 * {@link Addresses#REAL_SERVER_SNAPSHOT}): what {@link RealServerState} events would have said
 * last, for a consumer that starts late or missed some (the ipvs service reconciles from it).
 */
public record RealServerSnapshot(List<RealServerState> realServers) {
  public RealServerSnapshot {
    realServers = List.copyOf(realServers);
  }
}
