package io.vertalived.core.config.model;

import java.util.List;
import java.util.Map;

/** The whole parsed keepalived.conf: what every service reads. Immutable. */
public record KeepalivedConfig(
    GlobalDefs global,
    List<VirtualAddress> staticIpAddresses,
    List<RouteSpec> staticRoutes,
    List<RouteSpec> staticRules,
    Map<String, VrrpScript> vrrpScripts,
    Map<String, TrackFile> trackFiles,
    Map<String, TrackProcess> trackProcesses,
    List<VrrpSyncGroup> syncGroups,
    List<VrrpInstance> vrrpInstances,
    Map<String, VirtualServerGroup> virtualServerGroups,
    List<VirtualServer> virtualServers) {
  public KeepalivedConfig {
    staticIpAddresses = List.copyOf(staticIpAddresses);
    staticRoutes = List.copyOf(staticRoutes);
    staticRules = List.copyOf(staticRules);
    vrrpScripts = Map.copyOf(vrrpScripts);
    trackFiles = Map.copyOf(trackFiles);
    trackProcesses = Map.copyOf(trackProcesses);
    syncGroups = List.copyOf(syncGroups);
    vrrpInstances = List.copyOf(vrrpInstances);
    virtualServerGroups = Map.copyOf(virtualServerGroups);
    virtualServers = List.copyOf(virtualServers);
  }
}
