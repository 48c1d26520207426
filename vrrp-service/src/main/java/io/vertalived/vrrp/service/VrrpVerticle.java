package io.vertalived.vrrp.service;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.Bus;
import io.vertalived.core.bus.BusFailure;
import io.vertalived.core.bus.BusStreams;
import io.vertalived.core.bus.EmptyQuery;
import io.vertalived.core.bus.InstanceQuery;
import io.vertalived.core.bus.InstanceStatsList;
import io.vertalived.core.bus.InstanceStatusList;
import io.vertalived.core.bus.Sequencer;
import io.vertalived.core.bus.TrackResult;
import io.vertalived.core.bus.VrrpTransition;
import io.vertalived.core.config.model.KeepalivedConfig;
import io.vertalived.core.config.model.VrrpInstance;
import io.vertalived.core.config.model.VrrpSyncGroup;
import io.vertalived.core.net.rtnl.RtnlEvent;
import io.vertalived.core.service.ReloadableVerticle;
import io.vertalived.core.service.ServiceContext;
import io.vertalived.core.dump.DumpFiles;
import io.vertalived.core.service.SignalDump;
import io.vertalived.vrrp.dump.HostInterface;
import io.vertalived.vrrp.dump.InstanceSnapshot;
import io.vertalived.vrrp.dump.VrrpDataDump;
import io.vertalived.vrrp.dump.VrrpJsonDump;
import io.vertalived.vrrp.dump.VrrpStatsDump;
import io.vertalived.vrrp.protocol.TrackedPriority;
import io.vertalived.vrrp.protocol.VrrpAction;
import io.vertalived.core.metrics.ProcessMetrics;
import io.vertalived.vrrp.protocol.VrrpState;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * The VRRP service of one node: its instances ({@link InstanceRunner}) and sync groups on the
 * node's VRRP thread, over a {@link VrrpHost} (Linux in production); answers status, counters
 * and commands on the bus; applies a reload as a difference (docs/reload.md). Undeploying it is
 * keepalived's graceful stop.
 */
public final class VrrpVerticle extends ReloadableVerticle implements HostEvents {
  private static final Logger LOG = Logger.getLogger("io.vertalived.vrrp");
  private final Function<Vertx, VrrpHost> hostFactory;
  /** Read on the event loop and the VRRP thread; written by a reload. */
  private volatile ServiceContext ctx;
  private final List<io.vertx.core.eventbus.MessageConsumer<?>> consumers = new ArrayList<>();
  private VrrpHost host;
  /** Set at start; read by {@link #resign} from a signal's thread. */
  private volatile VrrpThread thread;
  private Sequencer sequence;
  private Sequencer alerts;
  /** By instance name; read and changed on the VRRP thread only. */
  private final Map<String, InstanceRunner> runners = new LinkedHashMap<>();
  /** Each instance name's meters, while it has a runner (VRRP thread). */
  private final Map<String, InstanceMeters> meters = new java.util.HashMap<>();
  /** The runners as the meters read them, from the scrape's thread. */
  private volatile Map<String, InstanceRunner> measured = Map.of();
  private SyncGroups groups;
  /** {@link #resign}: its task, made before any signal can come, and its completion. */
  private final Runnable resignation = this::resignAll;
  private final Promise<Void> resigned = Promise.promise();

  public VrrpVerticle(ServiceContext ctx) {
    this(ctx, LinuxHost::new);
  }

  VrrpVerticle(ServiceContext ctx, Function<Vertx, VrrpHost> hostFactory) {
    this.ctx = ctx;
    this.hostFactory = hostFactory;
  }

  /**
   * The instances this service runs: every one of the configuration, IPv4 and IPv6 (RFC 5798). As keepalived
   * (vrrp_complete_instance) it notes an IPv6 multicast instance whose first VIP is not link-local (RFC 5798 5.2.9
   * wants it so), and runs it all the same.
   */
  static List<VrrpInstance> supported(KeepalivedConfig config) {
    List<VrrpInstance> out = new ArrayList<>();
    for (VrrpInstance vi : config.vrrpInstances()) {
      boolean ipv6 = InstanceNetwork.ipv6(vi);
      if (ipv6 && !vi.unicast() && !vi.virtualIpAddresses().isEmpty()
          && !vi.virtualIpAddresses().get(0).address().address().isLinkLocalAddress() && !vi.strictMode()) {
        LOG.info("(" + vi.name() + ") the first IPv6 VIP address should be link local");
      }
      out.add(vi);
    }
    return out;
  }

  @Override
  public Future<?> start() {
    sequence = BusStreams.of(vertx).sequencer(Addresses.VRRP_TRANSITION);
    alerts = BusStreams.of(vertx).sequencer(Addresses.VRRP_ALERT);
    host = hostFactory.apply(vertx);
    thread = host.thread();
    List<VrrpInstance> instances = supported(ctx.config());
    return host.setUp(ctx.config(), instances).compose(v -> onVrrpThread(() -> {
      for (VrrpInstance vi : instances) {
        runners.put(vi.name(), runner(vi));
      }
      groups = SyncGroups.build(ctx.config().syncGroups(), runners, thread, host.groupNotifies(), this::publishGroup, null);
      measure();
      return List.copyOf(runners.values());
    })).compose(list -> {
      answer();
      try {
        host.watch(this);
      } catch (java.io.IOException e) {
        return Future.failedFuture(e);
      }
      return Future.all(list.stream().map(InstanceRunner::start).toList());
    }).recover(e -> Future.succeededFuture().compose(x -> stopAll()).eventually(() -> host.tearDown())
        .transform(x -> Future.failedFuture(e)));
  }

  /** An instance's runner, its transitions published on the bus before the host's notifies. */
  private InstanceRunner runner(VrrpInstance vi) throws java.io.IOException {
    InstanceRunner[] self = new InstanceRunner[1];
    InstanceEffects fx = host.effects(vi, () -> self[0] != null && self[0].machine().state() == VrrpState.MASTER);
    InstanceEffects published = new InstanceEffects(fx.source(), fx.link(), fx.adverts(), fx.addressing(),
        fx.announcements(), new PublishedTransitions(vertx, ctx.node(), sequence, alerts, fx.transitions()), fx.probe());
    self[0] = new InstanceRunner(vi, thread, published);
    if (ProcessMetrics.keeps(vertx)) {
      self[0].meters(meters.computeIfAbsent(vi.name(), n -> new InstanceMeters(ProcessMetrics.registry(vertx), n,
          name -> measured.get(name))));
    }
    return self[0];
  }

  private void publishGroup(VrrpSyncGroup sg, VrrpAction.StateChanged c) {
    Bus.publish(vertx, Addresses.VRRP_TRANSITION, new VrrpTransition(ctx.node(), sequence.boot(), sequence.next(),
        Instant.now(), sg.name(), true, c.from().name(), c.to().name(), 0, c.reason()));
  }

  /** The bus handlers, registered on this verticle's context (called there), unregistered at stop. */
  private void answer() {
    String node = ctx.node();
    consumers.add(Bus.answer(vertx, Addresses.VRRP_STATUS, node, q -> onVrrpThread(() -> {
      Map<String, String> groupOf = groupOf(ctx.config());
      Map<String, VrrpState> groupStates = groups.states();
      return new InstanceStatusList(select(q).stream().map(r -> {
        String group = groupOf.get(r.name());
        VrrpState gs = group == null ? null : groupStates.get(group);
        return r.status(node, gs == null ? "" : group, gs == null ? "" : gs.name());
      }).toList());
    })));
    consumers.add(Bus.answer(vertx, Addresses.VRRP_STATS, node, q -> onVrrpThread(() ->
        new InstanceStatsList(select(q).stream().map(r -> r.stats(node)).toList()))));
    VrrpCommands commands = new VrrpCommands(node, runners, name -> groups.members(name), thread::execute);
    consumers.add(Bus.answer(vertx, Addresses.VRRP_COMMAND, node, commands::handle));
    consumers.add(Bus.consume(vertx, Addresses.TRACK_RESULT, node,
        r -> thread.execute(() -> trackResult(r, runners.values()))));
  }

  private static void trackResult(TrackResult r, java.util.Collection<InstanceRunner> to) {
    TrackedPriority.Kind kind = InstanceRunner.trackKind(r.kind());
    if (kind == null) {
      LOG.warning("ignoring a track result of unknown kind '" + r.kind() + "' for " + r.name());
      return;
    }
    to.forEach(runner -> runner.trackResult(kind, r.name(), r.up(), r.value()));
  }

  /** The runners a query names: all, or the one instance (404 when this node has none of that name). */
  private List<InstanceRunner> select(InstanceQuery q) {
    if (q.instance() == null) {
      return List.copyOf(runners.values());
    }
    InstanceRunner one = runners.get(q.instance());
    if (one == null) {
      throw new BusFailure(BusFailure.NOT_FOUND, "no VRRP instance '" + q.instance() + "' on node " + ctx.node());
    }
    return List.of(one);
  }

  /**
   * Computes on the VRRP thread, where the instances' state lives; the future completes back on
   * this verticle's context, so that what follows runs there.
   */
  private <T> Future<T> onVrrpThread(Callable<T> work) {
    Promise<T> p = Promise.promise();
    io.vertx.core.Context home = context;
    try {
      thread.execute(() -> {
        T result;
        try {
          result = work.call();
        } catch (Exception e) {
          home.runOnContext(v -> p.fail(e));
          return;
        }
        home.runOnContext(v -> p.complete(result));
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      p.fail(new IllegalStateException("the VRRP thread has stopped"));
    }
    return p.future();
  }

  // ---- host events (on the VRRP thread) ----

  @Override
  public void link(String name, boolean usable) {
    runners.values().forEach(r -> r.link(name, usable));
  }

  @Override
  public void addressRemoved(int ifindex, InetAddress address) {
    runners.values().forEach(r -> r.addressRemoved(ifindex, address));
  }

  @Override
  public void addressAdded(int ifindex, InetAddress address) {
    runners.values().forEach(r -> r.addressAdded(ifindex, address));
  }

  @Override
  public void routeRemoved(RtnlEvent.Route route) {
    runners.values().forEach(r -> r.routeRemoved(route));
  }

  @Override
  public void ruleRemoved(RtnlEvent.Rule rule) {
    runners.values().forEach(r -> r.ruleRemoved(rule));
  }

  // ---- reload ----

  /** The plan of a reload: which running instance each new definition is, and what goes. */
  private record Plan(Map<VrrpInstance, InstanceRunner> kept, List<VrrpInstance> added, List<InstanceRunner> removed) {}

  /**
   * A reload as a difference (docs/reload.md). Removed instances are detached from their sync
   * groups and deleted first (an address may move to a new one); the host's set-up follows; then,
   * on the VRRP thread, new instances are made (one that cannot be is left out and said), kept ones
   * reconfigured, and the instance map and sync groups replaced at once. Tracker results the
   * instances have not heard of are seeded from the node's tracker state. Failures become lines of
   * the changes; the rest of the reload goes on.
   */
  @Override
  protected Future<List<String>> reload(ServiceContext next) {
    List<VrrpInstance> instances = supported(next.config());
    List<String> changes = new ArrayList<>();
    Future<List<TrackResult>> latest = Bus.request(vertx, Addresses.TRACK_STATE, next.node(), EmptyQuery.INSTANCE, 2_000)
        .map(io.vertalived.core.bus.TrackState::results).otherwise(List.of());
    return latest.compose(seed -> onVrrpThread(() -> plan(instances)).compose(plan -> {
      List<Future<Void>> deleted = new ArrayList<>();
      for (InstanceRunner r : plan.removed()) {
        changes.add("VRRP instance " + r.name() + " removed");
        LOG.info("(" + r.name() + ") removed by the reload");
        deleted.add(r.delete());
      }
      return Future.join(deleted)
          .transform(x -> host.reconfigure(next.config(), instances).recover(e -> {
            changes.add("the host's set-up could not follow: " + e.getMessage());
            return Future.succeededFuture(List.of());
          }))
          .compose(hostChanges -> {
            changes.addAll(hostChanges);
            return onVrrpThread(() -> apply(next, plan, seed, changes, instances));
          });
    })).compose(started -> {
      ctx = next;
      List<Future<Void>> starts = new ArrayList<>();
      for (InstanceRunner r : started) {
        starts.add(r.start().recover(e -> {
          changes.add("VRRP instance " + r.name() + " could not start: " + e.getMessage());
          LOG.severe("(" + r.name() + ") could not start: " + e.getMessage());
          return onVrrpThread(() -> {
            runners.remove(r.name(), r);
            measure();
            return null;
          }).compose(v -> r.stop());
        }));
      }
      return Future.join(starts).transform(ar -> Future.succeededFuture(changes));
    });
  }

  /** The VRRP thread's part of a reload: new runners first, then the kept ones, then one swap. Answers the new ones. */
  private List<InstanceRunner> apply(ServiceContext next, Plan plan, List<TrackResult> seed, List<String> changes,
                                     List<VrrpInstance> instances) {
    plan.removed().forEach(r -> runners.remove(r.name(), r));
    Map<VrrpInstance, InstanceRunner> made = new LinkedHashMap<>();
    for (VrrpInstance vi : plan.added()) {
      try {
        InstanceRunner r = runner(vi);
        r.seed(seed);
        made.put(vi, r);
      } catch (java.io.IOException | RuntimeException e) {
        changes.add("VRRP instance " + vi.name() + " could not be added: " + e.getMessage());
        LOG.severe("(" + vi.name() + ") could not be added: " + e.getMessage());
      }
    }
    // kept runners leave their old groups before their own reload runs
    runners.values().forEach(r -> {
      r.syncGroup((name, actions) -> { });
      r.memberOf(null);
    });
    Map<String, InstanceRunner> now = new LinkedHashMap<>();
    for (VrrpInstance vi : instances) {
      InstanceRunner r = plan.kept().get(vi);
      if (r != null) {
        List<String> c = r.reconfigure(vi, seed);
        c.forEach(x -> changes.add(vi.name() + ": " + x));
        if (c.isEmpty()) {
          r.keptAtReload();
        }
        now.put(vi.name(), r);
      } else if (made.containsKey(vi)) {
        now.put(vi.name(), made.get(vi));
        changes.add("VRRP instance " + vi.name() + " added");
      }
    }
    runners.clear();
    runners.putAll(now);
    measure();
    groups = SyncGroups.build(next.config().syncGroups(), runners, thread, host.groupNotifies(), this::publishGroup, groups);
    return List.copyOf(made.values());
  }

  /**
   * Matches the new definitions to the running instances (keepalived's vrrp_exist), on the VRRP
   * thread; the removed ones leave their sync groups at once, so that their deletion does not
   * reach the others.
   */
  private Plan plan(List<VrrpInstance> instances) {
    Map<InstanceRunner, VrrpInstance> running = new LinkedHashMap<>();
    runners.values().forEach(r -> running.put(r, r.instance()));
    Map<VrrpInstance, InstanceRunner> kept = new LinkedHashMap<>();
    List<VrrpInstance> added = new ArrayList<>();
    for (VrrpInstance vi : instances) {
      InstanceRunner r = InstanceIdentity.match(vi, running);
      if (r != null) {
        running.remove(r);
        kept.put(vi, r);
      } else {
        added.add(vi);
      }
    }
    for (InstanceRunner gone : running.keySet()) {
      gone.syncGroup((name, actions) -> { });
      gone.memberOf(null);
    }
    return new Plan(kept, added, List.copyOf(running.keySet()));
  }

  // ---- stop ----

  /** The meters follow the runners: a name keeps its series while it has a runner (on the VRRP thread). */
  private void measure() {
    measured = Map.copyOf(runners);
    meters.entrySet().removeIf(e -> {
      if (runners.containsKey(e.getKey())) {
        return false;
      }
      e.getValue().close();
      return true;
    });
  }

  private Future<Void> stopAll() {
    return onVrrpThread(() -> {
      meters.values().forEach(InstanceMeters::close);
      meters.clear();
      measured = Map.of();
      return List.copyOf(runners.values());
    })
        .compose(list -> Future.join(list.stream().map(InstanceRunner::stop).toList()).mapEmpty());
  }

  /**
   * SIGTERM's first step (keepalived(8): a stop hands the addresses back at once): every instance
   * resigns (a MASTER with its priority-0 advert) before any other shutdown work.
   */
  @Override
  protected Future<Void> resign() {
    VrrpThread t = thread;
    if (t == null) {
      return Future.succeededFuture();
    }
    // on the signal's own thread (no wake-up of the VRRP thread to wait for), with the VRRP thread's turn;
    // the task was made at construction: nothing is linked or loaded on the way to the wire
    try {
      t.runHere(resignation);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      resigned.tryComplete(); // the VRRP thread has stopped: nothing is left to resign
    }
    return resigned.future();
  }

  /** {@link #resign}'s work, with the VRRP thread's turn; also when it failed (logged), the stop goes on. */
  private void resignAll() {
    try {
      for (InstanceRunner r : runners.values()) {
        r.resign();
      }
    } finally {
      resigned.tryComplete();
    }
  }

  @Override
  public Future<?> stop() {
    consumers.forEach(c -> c.unregister());
    consumers.clear();
    return Future.succeededFuture().compose(x -> stopAll()).eventually(() -> host.tearDown());
  }

  /**
   * keepalived's signal dumps of the VRRP process (keepalived(8) SIGNALS): the state is read on the
   * VRRP thread (STATS_CLEAR clears the counters there, after reading them), the file written on
   * a worker into /tmp (or $TMPDIR).
   */
  @Override
  protected Future<Void> dump(SignalDump kind) {
    long pid = ProcessHandle.current().pid();
    LOG.info(switch (kind) {
      case DATA -> "Printing VRRP data for process(" + pid + ") on signal";
      case STATS -> "Printing VRRP stats for process(" + pid + ") on signal";
      case STATS_CLEAR -> "Printing and clearing VRRP stats for process(" + pid + ") on signal";
      case JSON -> "Printing VRRP as json for process(" + pid + ") on signal";
    });
    KeepalivedConfig config = ctx.config();
    return onVrrpThread(() -> {
      Map<String, String> groupOf = groupOf(config);
      List<InstanceSnapshot> snapshots = new ArrayList<>();
      for (InstanceRunner r : runners.values()) {
        String group = groupOf.get(r.name());
        snapshots.add(r.snapshot(group != null && groups.states().containsKey(group) ? group : null));
      }
      if (kind == SignalDump.STATS_CLEAR) {
        runners.values().forEach(r -> r.counters().clear());
      }
      Map<String, String> groupStates = new LinkedHashMap<>();
      groups.states().forEach((n, st) -> groupStates.put(n, st.name()));
      return new DumpState(snapshots, groupStates);
    }).compose(state -> vertx.executeBlocking(() -> {
      java.nio.file.Path dir = DumpFiles.directory(System.getenv());
      switch (kind) {
        case DATA -> DumpFiles.write(dir, "keepalived.data",
            VrrpDataDump.text(config, state.instances(), state.groups(), HostInterface.all(ours(config))));
        case STATS, STATS_CLEAR -> DumpFiles.write(dir, "keepalived.stats", VrrpStatsDump.text(state.instances()));
        case JSON -> DumpFiles.write(dir, "keepalived.json", VrrpJsonDump.text(state.instances(), config.vrrpScripts()));
      }
      return null;
    }));
  }

  /** The addresses the service itself adds: keepalived's interface list leaves them out. */
  private static java.util.Set<InetAddress> ours(KeepalivedConfig c) {
    java.util.Set<InetAddress> out = new java.util.HashSet<>();
    c.staticIpAddresses().forEach(a -> out.add(a.address().address()));
    for (VrrpInstance vi : c.vrrpInstances()) {
      vi.virtualIpAddresses().forEach(a -> out.add(a.address().address()));
      vi.excludedAddresses().forEach(a -> out.add(a.address().address()));
    }
    return out;
  }

  private record DumpState(List<InstanceSnapshot> instances, Map<String, String> groups) {}

  /** Instance name → the sync group it is a member of (its first, as keepalived takes it). */
  private static Map<String, String> groupOf(KeepalivedConfig config) {
    Map<String, String> groupOf = new java.util.HashMap<>();
    for (VrrpSyncGroup g : config.syncGroups()) {
      g.instances().forEach(i -> groupOf.putIfAbsent(i, g.name()));
    }
    return groupOf;
  }
}
