package io.vertalived.core.config.keywords;

import io.vertalived.core.config.model.GlobalDefs;
import io.vertalived.core.config.model.IpAddress;
import io.vertalived.core.config.model.RouteSpec;
import io.vertalived.core.config.model.ScriptCommand;
import io.vertalived.core.config.model.Secret;
import io.vertalived.core.config.model.UnicastPeer;
import io.vertalived.core.config.model.VirtualAddress;
import io.vertalived.core.config.model.VrrpInstance;
import io.vertalived.core.config.parse.SourceLocation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@code vrrp_instance} as written, before defaults and post-parse rules. */
final class InstanceDraft {
  final String name;
  final SourceLocation location;
  VrrpInstance.State state;
  String interfaceName;
  SourceLocation interfaceLocation;
  int vrid;
  Integer priority;
  Double advertInt;
  Integer version;
  VrrpInstance.AuthType authType = VrrpInstance.AuthType.NONE;
  Secret authPass;
  final List<VirtualAddress> vips = new ArrayList<>();
  final List<VirtualAddress> evips = new ArrayList<>();
  final List<RouteSpec> routes = new ArrayList<>();
  final List<RouteSpec> rules = new ArrayList<>();
  boolean noVirtualIpAddress;
  IpAddress sourceIp;
  /**
   * The instance's address family, fixed by the first of its source address, unicast peers and
   * VIPs (keepalived's vrrp->family); null until then.
   */
  Boolean ipv6;
  final List<UnicastPeer> unicastPeers = new ArrayList<>();
  boolean unicastPeerBlockSeen;
  int unicastTtl = 255;
  /** unicast_ttl was given (keepalived's vrrp->ttl != -1). */
  boolean unicastTtlSet;
  /** A unicast keyword was given (keepalived's VRRP_FLAG_UNICAST_CONFIGURED). */
  boolean unicastConfigured;
  boolean unicastFaultNoPeer;
  Boolean checkUnicastSrc;
  IpAddress mcastDstIp;
  boolean trackSrcIp;
  boolean nopreempt;
  double preemptDelay;
  Double garpMasterDelay;
  Integer garpMasterRepeat;
  Double garpMasterRefresh;
  Integer garpMasterRefreshRepeat;
  Double garpLowerPrioDelay;
  Integer garpLowerPrioRepeat;
  Integer downTimerAdverts;
  Boolean lowerPrioNoAdvert;
  Boolean higherPrioSendAdvert;
  Boolean accept;
  Boolean skipCheckAdvAddr;
  Boolean strictMode;
  boolean dontTrackPrimary;
  final List<TrackerRef> trackInterfaces = new ArrayList<>();
  final List<TrackerRef> trackScripts = new ArrayList<>();
  final List<TrackerRef> trackFiles = new ArrayList<>();
  final List<TrackerRef> trackProcesses = new ArrayList<>();
  final List<TrackerRef> trackBfds = new ArrayList<>();
  ScriptCommand notifyMaster;
  ScriptCommand notifyBackup;
  ScriptCommand notifyFault;
  ScriptCommand notifyStop;
  ScriptCommand notifyDeleted;
  ScriptCommand notifyMasterRxLowerPri;
  ScriptCommand notify;
  Boolean smtpAlert;
  Boolean notifyPriorityChanges;
  String vmacInterface;
  final Map<String, List<String>> other = new LinkedHashMap<>();

  InstanceDraft(String name, SourceLocation location) {
    this.name = name;
    this.location = location;
  }

  GlobalDefs.Garp garp(GlobalDefs.Garp g) {
    return new GlobalDefs.Garp(
        garpMasterDelay != null ? garpMasterDelay : g.masterDelay(),
        garpMasterRepeat != null ? garpMasterRepeat : g.masterRepeat(),
        garpMasterRefresh != null ? garpMasterRefresh : g.masterRefresh(),
        garpMasterRefreshRepeat != null ? garpMasterRefreshRepeat : g.masterRefreshRepeat(),
        garpLowerPrioDelay != null ? garpLowerPrioDelay : g.lowerPrioDelay(),
        garpLowerPrioRepeat != null ? garpLowerPrioRepeat : g.lowerPrioRepeat(),
        g.interval(), g.gnaInterval(), g.minGarp(), g.extraIfInterval(), g.extraIfAll());
  }

  /** Its notify scripts, those set. */
  java.util.List<io.vertalived.core.config.model.ScriptCommand> notifies() {
    return java.util.stream.Stream.of(notifyMaster, notifyBackup, notifyFault, notifyStop, notifyDeleted,
        notifyMasterRxLowerPri, notify).filter(java.util.Objects::nonNull).toList();
  }
}
