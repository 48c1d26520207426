package io.vertalived.core.bus;

import java.time.Instant;
import java.util.List;

/**
 * One vertalived process (JVM) of the cluster: its node name ({@code router_id}), its cluster
 * member id ({@code local} when not clustered; it names the per-process addresses such as
 * {@link Addresses#CONFIG_RELOAD}), its boot id, the services it runs, its version and contract
 * version, when it started, its host and pid.
 */
public record NodeInfo(String node, String member, String boot, List<String> services, String version,
                       int contract, Instant startedAt, String host, long pid) {
  public NodeInfo {
    services = List.copyOf(services);
  }
}
