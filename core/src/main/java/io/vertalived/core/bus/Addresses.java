package io.vertalived.core.bus;

import static io.vertalived.core.bus.BusAddress.Scope.CHECKER;
import static io.vertalived.core.bus.BusAddress.Scope.CLUSTER;
import static io.vertalived.core.bus.BusAddress.Scope.NODE;
import static io.vertalived.core.bus.BusAddress.Scope.PROCESS;

import java.util.List;

/**
 * The bus contract: every address of the suite, described once ({@link BusAddress}). Bodies are
 * the records of this package, sent with {@link RecordCodec}s named with the contract's wire
 * version ({@link #WIRE_VERSION}); docs/event-bus.md is generated from this list.
 */
public final class Addresses {
  private Addresses() {}

  /**
   * The contract version this build speaks. Version 1 is the first landed one; version 2 added
   * boot ids, per-stream sequences, typed bodies for every address, the node directory, the
   * real-server snapshot and reload; version 3 added the sync group and trackers to an instance's
   * status, the check-only reload, and the real-server commands (drain, enable, check now), each process's metrics and the split-brain alerts; version 4 the ipvs service's quorum and table changes; version 5 its ha_suspend reports. Fields added since carry {@link OptionalField#since()}.
   */
  public static final int CONTRACT_VERSION = 5;
  /**
   * The wire version in codec names ({@code vertalived.v1.VrrpTransition}): it changes only when
   * a body changes incompatibly; additions keep it, so that processes of two versions decode
   * each other's bodies (a rolling upgrade).
   */
  public static final int WIRE_VERSION = 1;

  public static final BusAddress<VrrpTransition, Void> VRRP_TRANSITION = BusAddress.publish(
      "vertalived.vrrp.transition", CLUSTER, VrrpTransition.class,
      "An instance or a sync group (`group` true) changed state: INIT, BACKUP, MASTER, FAULT, STOP or DELETED;"
          + " `reason` in words (\"master down timer expired\", \"higher priority advert from 198.18.0.2\").");

  public static final BusAddress<VrrpAlert, Void> VRRP_ALERT = BusAddress.publish(
      "vertalived.vrrp.alert", CLUSTER, VrrpAlert.class,
      "A split brain raised or cleared: `dual_master` (a MASTER hears another router advertise its VRID),"
          + " `vip_conflict` (the cluster view: one virtual address on MASTERs of two nodes), `duplicate_vip` (a MASTER"
          + " hears another host answer ARP for its VIP, `peer` its MAC).");

  public static final BusAddress<InstanceQuery, InstanceStatusList> VRRP_STATUS = BusAddress.request(
      "vertalived.vrrp.status", NODE, InstanceQuery.class, InstanceStatusList.class,
      "The state of the node's instances (or the one named): state, base and effective priority, master,"
          + " VIPs, `preemptSuspended` after a planned handover.");

  public static final BusAddress<InstanceQuery, InstanceStatsList> VRRP_STATS = BusAddress.request(
      "vertalived.vrrp.stats", NODE, InstanceQuery.class, InstanceStatsList.class,
      "keepalived's counters of the node's instances (its stats dump), since the service started.");

  public static final BusAddress<VrrpCommand, VrrpCommandOutcome> VRRP_COMMAND = BusAddress.request(
      "vertalived.vrrp.command", NODE, VrrpCommand.class, VrrpCommandOutcome.class,
      "`handover` or `resume-preempt` of an instance; answered when the handover has ended. Failures: 400 bad"
          + " request, 404 no such instance on that node, 409 refused (\"VI_1 is BACKUP, not MASTER\").");

  public static final BusAddress<CheckResult, Void> CHECK_RESULT = BusAddress.publish(
      "vertalived.checker.result", CLUSTER, CheckResult.class,
      "One health check finished. Across the cluster go only results that say something new of their check"
          + " (`up`, `reason` or `dynamicWeight` changed, or the first since the instance took the check), numbered"
          + " in the stream; every other result (`sequence` 0) reaches only the consumers in the JVM of the checker"
          + " instance that ran it that registered through `LocalListeners.consume`, and is not published while"
          + " there are none.");

  public static final BusAddress<EmptyQuery, CheckState> CHECK_STATE = BusAddress.request(
      "vertalived.checker.state", CLUSTER, EmptyQuery.class, CheckState.class,
      "The latest result of every check of the cluster: the instance asked gathers each live instance's own"
          + " (500 ms each at most; one that does not answer leaves its checks as last heard of).");

  public static final BusAddress<EmptyQuery, CheckState> CHECKER_OWN_STATE = BusAddress.request(
      "vertalived.checker.state", CHECKER, EmptyQuery.class, CheckState.class,
      "The latest result of each check that checker instance owns now.");

  public static final BusAddress<CheckerHeartbeat, Void> CHECKER_MEMBERS = BusAddress.publish(
      "vertalived.checker.members", CLUSTER, CheckerHeartbeat.class,
      "Every 500 ms from each checker instance: the heartbeats real-server checks are placed by"
          + " (docs/checker-placement.md).");

  public static final BusAddress<RetainedResults, Void> CHECKER_RETAINED = BusAddress.publish(
      "vertalived.checker.retained", CLUSTER, RetainedResults.class,
      "Once a second from each checker instance while there are others: the results of that second that said"
          + " something new; the instances keep each other's checks from these (takeover without a flap).");

  public static final BusAddress<CheckerStatsQuery, CheckerStats> CHECKER_STATS = BusAddress.request(
      "vertalived.checker.stats", CHECKER, CheckerStatsQuery.class, CheckerStats.class,
      "What that checker instance owns and how late its checks started against their due time, since it started"
          + " or the last `reset`.");

  public static final BusAddress<RealServerState, Void> REAL_SERVER_STATE = BusAddress.publish(
      "vertalived.checker.realserver", CLUSTER, RealServerState.class,
      "A real server became alive or dead, or its misc_dynamic weight changed.");

  public static final BusAddress<EmptyQuery, RealServerSnapshot> REAL_SERVER_SNAPSHOT = BusAddress.request(
      "vertalived.checker.realservers", CLUSTER, EmptyQuery.class, RealServerSnapshot.class,
      "The current state of every real server of the cluster: the instance asked gathers each live instance's own.");

  public static final BusAddress<EmptyQuery, RealServerSnapshot> CHECKER_OWN_REAL_SERVERS = BusAddress.request(
      "vertalived.checker.realservers", CHECKER, EmptyQuery.class, RealServerSnapshot.class,
      "The current state of each real server that checker instance owns now.");

  public static final BusAddress<RealServerCommand, RealServerCommandOutcome> REAL_SERVER_COMMAND = BusAddress.request(
      "vertalived.checker.command", CLUSTER, RealServerCommand.class, RealServerCommandOutcome.class,
      "`drain`, `enable` or `check` (now) one real server: the checker instance asked passes it to the one that owns"
          + " it; answered with its state afterwards (and the check results). Failures: 400 bad action, 404 no such"
          + " real server, 503 not placed yet.");

  public static final BusAddress<RealServerCommand, RealServerCommandOutcome> CHECKER_REAL_SERVER_COMMAND =
      BusAddress.request("vertalived.checker.command", CHECKER, RealServerCommand.class, RealServerCommandOutcome.class,
          "A real-server command for the checker instance that owns it (409 when it no longer does).");

  public static final BusAddress<RealServerCommand, Void> REAL_SERVER_DRAINS = BusAddress.publish(
      "vertalived.checker.drains", CLUSTER, RealServerCommand.class,
      "A real server was drained or enabled: every checker instance keeps the drains (also in the cluster map"
          + " `vertalived.checker.drained`), so that a real server that moves to another instance stays drained.");

  public static final BusAddress<TrackResult, Void> TRACK_RESULT = BusAddress.publish(
      "vertalived.track", NODE, TrackResult.class,
      "A tracker of the node (`script`, `process` or `file`) changed state, after keepalived's rise/fall hysteresis;"
          + " published by the node that runs it (trackers look at local processes and files), applied by its VRRP"
          + " instances (weights, FAULT).");

  public static final BusAddress<EmptyQuery, TrackState> TRACK_STATE = BusAddress.request(
      "vertalived.track.state", NODE, EmptyQuery.class, TrackState.class,
      "The node's latest result of every tracker.");

  public static final BusAddress<ConfigReloaded, Void> CONFIG_RELOADED = BusAddress.publish(
      "vertalived.config.reloaded", CLUSTER, ConfigReloaded.class,
      "A configuration was loaded, at start or by a reload: accepted and applied (with the changes made), or"
          + " rejected with its problems while the previous one keeps running.");

  public static final BusAddress<EmptyQuery, ConfigReloaded> CONFIG_CURRENT = BusAddress.request(
      "vertalived.config.current", PROCESS, EmptyQuery.class, ConfigReloaded.class,
      "The configuration that process runs now.");

  public static final BusAddress<ReloadRequest, ConfigReloaded> CONFIG_RELOAD = BusAddress.request(
      "vertalived.config.reload", PROCESS, ReloadRequest.class, ConfigReloaded.class,
      "Reload that process's configuration file, as SIGHUP does: validated first (rejected: nothing changes, the"
          + " reply says why), then applied by each service as a difference (docs/reload.md). With `checkOnly`:"
          + " validated only, nothing changed or published.");

  public static final BusAddress<EmptyQuery, NodeDirectory> NODE_DIRECTORY = BusAddress.request(
      "vertalived.node.directory", CLUSTER, EmptyQuery.class, NodeDirectory.class,
      "Every live vertalived process of the cluster: node, member id, boot, services, versions, start time.");

  public static final BusAddress<NodeAnnouncement, Void> NODE_ANNOUNCE = BusAddress.publish(
      "vertalived.node.announce", CLUSTER, NodeAnnouncement.class,
      "A process joined, left (it stopped) or was lost (its cluster member was dropped).");

  public static final BusAddress<EmptyQuery, MetricsScrape> METRICS = BusAddress.request(
      "vertalived.metrics", PROCESS, EmptyQuery.class, MetricsScrape.class,
      "That process's metrics in the Prometheus text format, labelled with its node and member: the gateway's"
          + " `/metrics` serves every process's together (docs/metrics.md).");

  public static final BusAddress<DeliveryParked, Void> DELIVERY_PARKED = BusAddress.publish(
      "vertalived.notifier.parked", CLUSTER, DeliveryParked.class,
      "The notifier set a delivery aside (refused for good: a 4xx answer, a redirect) or parked an endpoint that"
          + " used up its retry budget (its deliveries wait, kept, and go out in order once it answers again).");

  public static final BusAddress<LvsQuorum, Void> LVS_QUORUM = BusAddress.publish(
      "vertalived.ipvs.quorum", CLUSTER, LvsQuorum.class,
      "A virtual server of that node's ipvs service gained or lost its quorum (keepalived's `Gained quorum` /"
          + " `Lost quorum`); its sorry server goes in or out with it.");

  public static final BusAddress<LvsChange, Void> LVS_CHANGE = BusAddress.publish(
      "vertalived.ipvs.change", CLUSTER, LvsChange.class,
      "That node's ipvs service changed the kernel's table: the operations applied, in order, and any the kernel"
          + " refused.");

  public static final BusAddress<LvsSuspension, Void> LVS_SUSPENSION = BusAddress.publish(
      "vertalived.ipvs.suspension", CLUSTER, LvsSuspension.class,
      "Whether the checks of an `ha_suspend` virtual server run: active while its address is on that node's"
          + " director, suspended otherwise; said at each change and every resync (checkers forget a report after"
          + " 35 s).");

  /** Every address of the contract, in the order docs/event-bus.md lists them. */
  public static final List<BusAddress<?, ?>> ALL = List.of(
      VRRP_TRANSITION, VRRP_ALERT, VRRP_STATUS, VRRP_STATS, VRRP_COMMAND,
      CHECK_RESULT, CHECK_STATE, CHECKER_OWN_STATE, CHECKER_MEMBERS, CHECKER_RETAINED, CHECKER_STATS,
      REAL_SERVER_STATE, REAL_SERVER_SNAPSHOT, CHECKER_OWN_REAL_SERVERS,
      REAL_SERVER_COMMAND, CHECKER_REAL_SERVER_COMMAND, REAL_SERVER_DRAINS,
      TRACK_RESULT, TRACK_STATE,
      CONFIG_RELOADED, CONFIG_CURRENT, CONFIG_RELOAD,
      NODE_DIRECTORY, NODE_ANNOUNCE, METRICS,
      LVS_QUORUM, LVS_CHANGE, LVS_SUSPENSION,
      DELIVERY_PARKED);
}
