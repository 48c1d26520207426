package io.vertalived.core.config.model;

import java.util.List;
import java.util.Map;

/**
 * {@code vrrp_instance NAME} (keepalived.conf(5) VRRP instance(s)) with keepalived's defaults and post-parse rules applied
 * (keepalived.conf(5) Global definitions, vrrp_strict; keepalived.conf(5) VRRP synchronization group(s)): {@code priority} is the base priority (255 = address owner),
 * {@code advertInterval} is in seconds after the v2/v3 rounding, and trackers dropped by sync
 * group or strict-mode rules are already gone.
 */
public record VrrpInstance(
    String name,
    State initialState,
    String interfaceName,
    int virtualRouterId,
    int priority,
    double advertInterval,
    int version,
    AuthType authType,
    Secret authPass,
    List<VirtualAddress> virtualIpAddresses,
    List<VirtualAddress> excludedAddresses,
    List<RouteSpec> virtualRoutes,
    List<RouteSpec> virtualRules,
    boolean noVirtualIpAddress,
    IpAddress sourceIp,
    List<UnicastPeer> unicastPeers,
    int unicastTtl,
    boolean checkUnicastSrc,
    IpAddress mcastDstIp,
    boolean trackSrcIp,
    boolean nopreempt,
    double preemptDelay,
    GlobalDefs.Garp garp,
    int downTimerAdverts,
    boolean lowerPrioNoAdvert,
    boolean higherPrioSendAdvert,
    boolean accept,
    boolean skipCheckAdvAddr,
    boolean strictMode,
    boolean dontTrackPrimary,
    List<Tracker> trackInterfaces,
    List<Tracker> trackScripts,
    List<Tracker> trackFiles,
    List<Tracker> trackProcesses,
    List<Tracker> trackBfds,
    NotifyScripts notifyScripts,
    boolean smtpAlert,
    boolean notifyPriorityChanges,
    String vmacInterface,
    String syncGroup,
    Map<String, List<String>> otherKeywords) {

  /** The state the instance wants at start-up ({@code state MASTER|BACKUP}). */
  public enum State { MASTER, BACKUP }

  /** VRRPv2 authentication type (RFC 3768 5.3.6); ignored for v3 and in strict mode. */
  public enum AuthType { NONE, PASS, AH }

  /** RFC 5798 5.2.4: priority 255 is the address owner. */
  public boolean addressOwner() {
    return priority == 255;
  }

  /** True when adverts go unicast to {@link #unicastPeers()}. */
  public boolean unicast() {
    return !unicastPeers.isEmpty();
  }
}
