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
    List<VirtualServer> virtualServers,
    Map<String, BfdInstance> bfdInstances,
    SslSettings ssl,
    /** vertalived's notifier extensions: webhooks and SMTP security (docs/notifier.md). */
    NotifierSettings notifier,
    /** vertalived's LVS extension: the ipvs service's backend (docs/ipvs.md). */
    LvsSettings lvs) {
  public KeepalivedConfig {
    staticIpAddresses = List.copyOf(staticIpAddresses);
    staticRoutes = List.copyOf(staticRoutes);
    staticRules = List.copyOf(staticRules);
    vrrpScripts = ordered(vrrpScripts);
    trackFiles = ordered(trackFiles);
    trackProcesses = ordered(trackProcesses);
    bfdInstances = ordered(bfdInstances);
    syncGroups = List.copyOf(syncGroups);
    vrrpInstances = List.copyOf(vrrpInstances);
    virtualServerGroups = ordered(virtualServerGroups);
    virtualServers = List.copyOf(virtualServers);
    lvs = lvs == null ? LvsSettings.DEFAULT : lvs;
  }

  /** An unmodifiable copy that keeps the configuration's order. */
  private static <V> Map<String, V> ordered(Map<String, V> m) {
    return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(m));
  }
}
