package io.vertalived.core.config.model;

import java.util.List;

/** {@code vrrp_sync_group NAME} (keepalived.conf(5) VRRP synchronization group(s)): members move together. */
public record VrrpSyncGroup(
    String name,
    List<String> instances,
    List<Tracker> trackInterfaces,
    List<Tracker> trackScripts,
    List<Tracker> trackFiles,
    List<Tracker> trackProcesses,
    List<Tracker> trackBfds,
    NotifyScripts notifyScripts,
    Boolean smtpAlert,
    Boolean notifyPriorityChanges,
    boolean syncGroupTrackingWeight) {
  public VrrpSyncGroup {
    instances = List.copyOf(instances);
  }
}
