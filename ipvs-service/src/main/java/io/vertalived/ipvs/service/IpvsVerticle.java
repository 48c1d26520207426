package io.vertalived.ipvs.service;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.Bus;
import io.vertalived.core.bus.BusStreams;
import io.vertalived.core.bus.EmptyQuery;
import io.vertalived.core.bus.LvsChange;
import io.vertalived.core.bus.LvsQuorum;
import io.vertalived.core.bus.RealServerState;
import io.vertalived.core.bus.Sequencer;
import io.vertalived.core.config.model.KeepalivedConfig;
import io.vertalived.core.config.model.ScriptCommand;
import io.vertalived.core.config.model.VirtualServer;
import io.vertalived.core.metrics.ProcessMetrics;
import io.vertalived.core.script.ScriptRunner;
import io.vertalived.core.service.ReloadableVerticle;
import io.vertalived.core.service.ServiceContext;
import io.vertalived.ipvs.desired.DesiredTable;
import io.vertalived.ipvs.desired.HealthBoard;
import io.vertalived.ipvs.desired.QuorumBoard;
import io.vertalived.ipvs.kernel.IpvsBackend;
import io.vertalived.ipvs.kernel.LvsBackend;
import io.vertalived.ipvs.kernel.LvsBackends;
import io.vertalived.ipvs.reconcile.LvsOperation;
import io.vertalived.ipvs.table.LvsVirtualService;
import io.vertalived.ipvs.table.ServiceKey;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.WorkerExecutor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The ipvs service of one node: follows the health of the real servers ({@link RealServerState}, from any checker
 * instance of the cluster), keeps each virtual server's quorum, and converges the kernel's table to what the
 * configuration and health want, at every change and every {@link #RESYNC_MILLIS} against a fresh read of the
 * kernel. Publishes quorum changes and table changes ({@link Addresses#LVS_QUORUM}, {@link Addresses#LVS_CHANGE}).
 * On stop it removes its services (keepalived's clear_services), or flushes the table with {@code lvs_flush_on_stop}.
 */
public final class IpvsVerticle extends ReloadableVerticle {
  private static final Logger LOG = Logger.getLogger("io.vertalived.ipvs");
  static final long RESYNC_MILLIS = Long.getLong("vertalived.ipvs.resyncMillis", 10_000);
  private static final long SNAPSHOT_MILLIS = 3_000;
  private static final long SCRIPT_TIMEOUT_MILLIS = 30_000;
  /** Operations an LvsChange event names at most (a first table of 10,000 real servers is said in a count). */
  static final int EVENT_OPERATIONS = 100;

  /** Opens the backend (blocking, on the service's own thread). */
  public interface BackendFactory {
    LvsBackend open(KeepalivedConfig config) throws java.io.IOException;
  }

  private final String node;
  private final BackendFactory factory;
  private KeepalivedConfig config;
  private final HealthBoard health = new HealthBoard();
  private final QuorumBoard quorum = new QuorumBoard();
  private final Map<String, Map<ServiceKey, LvsVirtualService>> desiredByServer = new HashMap<>();
  /** All of {@link #desiredByServer} in one map, kept in step: a health change edits its own entries only. */
  private final Map<ServiceKey, LvsVirtualService> desiredAll = new HashMap<>();
  private final Map<String, VirtualServer> byLabel = new HashMap<>();
  /** What was said of virtual servers that cannot be programmed: once each. */
  private final java.util.Set<String> unprogrammable = new java.util.HashSet<>();
  private WorkerExecutor worker;
  private LvsReconciler reconciler;
  private SyncDaemonFollower syncDaemons;
  private HaSuspendWatch haSuspend;
  private LvsMeters meters;
  private String backendName = "none";
  private Sequencer quorumSeq;
  private Sequencer changeSeq;
  private ScriptRunner scripts;
  private long resyncTimer = -1;
  private boolean running;
  /** While the desired table is rebuilt off the event loop: health reports wait in {@link #heldStates}. */
  private boolean held;
  /** The kernel's refusals of the last convergence: said again only when they change. */
  private final java.util.Set<String> saidRefusals = new java.util.HashSet<>();
  /** stop() began: health reports no longer change the table. */
  private boolean stopping;
  private final List<RealServerState> heldStates = new ArrayList<>();
  private boolean pendingRead;
  private final List<String> pendingTriggers = new ArrayList<>();
  private final List<Promise<Convergence>> pendingWaiters = new ArrayList<>();
  /** The services the pending health changes touched; null when the whole table is to be planned. */
  private java.util.Set<ServiceKey> pendingKeys = new java.util.HashSet<>();

  public IpvsVerticle(ServiceContext ctx) {
    this(ctx, c -> LvsBackends.open(c.lvs()));
  }

  IpvsVerticle(ServiceContext ctx, BackendFactory factory) {
    this.node = ctx.node();
    configure(ctx.config());
    this.factory = factory;
  }

  @Override
  public Future<?> start() {
    BusStreams streams = BusStreams.of(vertx);
    quorumSeq = streams.sequencer(Addresses.LVS_QUORUM);
    changeSeq = streams.sequencer(Addresses.LVS_CHANGE);
    worker = vertx.createSharedWorkerExecutor("vertalived-ipvs-" + deploymentID(), 1);
    Bus.consume(vertx, Addresses.REAL_SERVER_STATE, this::stateHeard);
    return worker.executeBlocking(() -> factory.open(config), false)
        .map(b -> {
          reconciler = new LvsReconciler(worker, b);
          meters = new LvsMeters(ProcessMetrics.registry(vertx), b.name());
          backendName = b.name();
          LOG.info((b instanceof IpvsBackend i ? "IP Virtual Server version " + i.version()
              : b.name() + " backend") + ", " + config.virtualServers().size() + " virtual servers");
          return b;
        })
        .otherwise(e -> {
          LOG.warning(e.getMessage() + "; the virtual servers' health and quorum are followed, but no"
              + " kernel table is programmed");
          return null;
        })
        .compose(b -> Bus.request(vertx, Addresses.REAL_SERVER_SNAPSHOT, EmptyQuery.INSTANCE, SNAPSHOT_MILLIS)
            .map(snapshot -> {
              snapshot.realServers().forEach(health::report);
              return null;
            })
            .otherwise(e -> null))
        .compose(x -> rebuildOffLoop())
        .compose(x -> {
          if (reconciler != null && config.global().lvsFlush()) {
            return reconciler.flush();
          }
          return Future.succeededFuture();
        })
        .compose(x -> applyTimeouts(Map.of()))
        .compose(x -> reconcile("start", true))
        .compose(x -> followSyncDaemons())
        .compose(x -> {
          haSuspend = new HaSuspendWatch(vertx, node, streams.sequencer(Addresses.LVS_SUSPENSION), config);
          return haSuspend.start();
        })
        .onSuccess(x -> resyncTimer = vertx.setPeriodic(RESYNC_MILLIS, t -> {
          reconcile("resync", true);
          if (syncDaemons != null) {
            syncDaemons.resync();
          }
          haSuspend.resync();
        }));
  }

  /** {@code lvs_sync_daemon}: with a backend that has sync daemons (IPVS); said once otherwise. */
  private Future<Void> followSyncDaemons() {
    if (reconciler == null) {
      return Future.succeededFuture();
    }
    if (!reconciler.hasSyncDaemons()) {
      if (config.global().lvsSyncDaemon() != null) {
        LOG.warning("lvs_sync_daemon ignored: the " + backendName + " backend has no connection sync daemon (IPVS"
            + " has)");
      }
      return Future.succeededFuture();
    }
    syncDaemons = new SyncDaemonFollower(vertx, node, reconciler, config, (trigger, done, failures) ->
        Bus.publish(vertx, Addresses.LVS_CHANGE, new LvsChange(node, changeSeq.boot(), changeSeq.next(),
            Instant.now(), backendName, trigger, done, failures)));
    return syncDaemons.start();
  }

  /** {@code lvs_timeouts}, when set and changed from {@code before}; a refusal is logged, never fatal. */
  private Future<Void> applyTimeouts(Map<String, Integer> before) {
    Map<String, Integer> t = config.global().lvsTimeouts();
    if (reconciler == null || t.isEmpty() || t.equals(before)) {
      return Future.succeededFuture();
    }
    return reconciler.timeouts(t).map(applied -> {
      if (!applied) {
        LOG.info("lvs_timeouts " + t + " not applied: the " + backendName + " backend has no timeouts of its own"
            + " (nf_conntrack's apply)");
      }
      return (Void) null;
    }).otherwise(e -> {
      LOG.warning("lvs_timeouts " + t + ": " + e.getMessage());
      return null;
    });
  }

  /**
   * Quorum and desired table of every virtual server, computed on the service's thread (thousands of real servers
   * take seconds on a slow machine: never on the event loop). Meanwhile health reports and convergences wait; they
   * run, in order, once it is done.
   */
  private Future<Void> rebuildOffLoop() {
    held = true;
    KeepalivedConfig c = config;
    return worker.executeBlocking(() -> {
      quorum.configure(c, health);
      c.virtualServers().forEach(this::meterQuorum);
      rebuildDesired();
      return (Void) null;
    }, true).onComplete(x -> {
      held = false;
      List<RealServerState> waiting = new ArrayList<>(heldStates);
      heldStates.clear();
      waiting.forEach(this::stateHeard);
      if (!running && !pendingWaiters.isEmpty()) {
        runPending();
      }
    });
  }

  private void stateHeard(RealServerState s) {
    if (stopping) {
      return; // the services are leaving the kernel: a late report must not put one back
    }
    if (held) {
      heldStates.add(s);
      return;
    }
    VirtualServer vs = virtualServer(s.virtualServer());
    if (vs == null || !health.report(s)) {
      return;
    }
    QuorumBoard.QuorumChange change = quorum.update(vs, health);
    if (change != null) {
      quorumChanged(change);
    }
    Map<ServiceKey, LvsVirtualService> before = desiredByServer.get(vs.label());
    Map<ServiceKey, LvsVirtualService> now = desiredOf(vs);
    java.util.Set<ServiceKey> touched = new java.util.HashSet<>(now.keySet());
    if (before != null) {
      touched.addAll(before.keySet());
    }
    putDesired(vs.label(), now);
    reconcile("health", false, touched);
  }

  private VirtualServer virtualServer(String label) {
    return byLabel.get(label);
  }

  private void configure(KeepalivedConfig next) {
    config = next;
    byLabel.clear();
    next.virtualServers().forEach(vs -> byLabel.put(vs.label(), vs));
  }

  /** The services of one virtual server replace those it had (in both maps). */
  private void putDesired(String label, Map<ServiceKey, LvsVirtualService> now) {
    Map<ServiceKey, LvsVirtualService> before = desiredByServer.put(label, now);
    if (before != null) {
      before.keySet().forEach(desiredAll::remove);
    }
    desiredAll.putAll(now);
  }

  private void quorumChanged(QuorumBoard.QuorumChange c) {
    VirtualServer vs = c.virtualServer();
    LOG.info(c.logLine());
    if (vs.sorryServer() != null) {
      LOG.info((c.change().up() ? (vs.sorryServerInhibit() ? "Disabling" : "Removing") + " sorry server "
          : (vs.sorryServerInhibit() ? "Enabling" : "Adding") + " sorry server ") + vs.sorryServer()
          + (c.change().up() ? " from" : " to") + " VS " + vs.label());
    }
    meterQuorum(vs);
    Bus.publish(vertx, Addresses.LVS_QUORUM, new LvsQuorum(node, quorumSeq.boot(), quorumSeq.next(), Instant.now(),
        vs.label(), c.change().up(), c.change().aliveWeight(), c.change().threshold(), vs.sorryServer(),
        c.logLine()));
    runScript(c.change().up() ? vs.quorumUp() : vs.quorumDown(), vs);
  }

  private void meterQuorum(VirtualServer vs) {
    if (meters != null) {
      meters.quorum(vs.label(), quorum.up(vs.label()));
    }
  }

  private void runScript(ScriptCommand cmd, VirtualServer vs) {
    if (cmd == null) {
      return;
    }
    scripts().run(cmd, List.of(), SCRIPT_TIMEOUT_MILLIS).onSuccess(r -> {
      if (!r.succeeded()) {
        LOG.warning("quorum script of VS " + vs.label() + " (" + String.join(" ", cmd.argv()) + "): " + r.describe());
      }
    });
  }

  private ScriptRunner scripts() {
    if (scripts == null) {
      var g = config.global();
      String user = g.scriptUser() != null ? g.scriptUser() : g.enableScriptSecurity() ? "keepalived_script" : null;
      scripts = new ScriptRunner(vertx, "ipvs-scripts", 2, user, g.scriptGroup());
    }
    return scripts;
  }

  private void rebuildDesired() {
    desiredByServer.clear();
    desiredAll.clear();
    for (VirtualServer vs : config.virtualServers()) {
      putDesired(vs.label(), desiredOf(vs));
    }
  }

  /**
   * The kernel services of one virtual server; none, said once at warning level, when a value the configuration let
   * through cannot be programmed (a persistence_granularity that is no netmask, a group range of more addresses than
   * a kernel table should hold): the other virtual servers go on.
   */
  private Map<ServiceKey, LvsVirtualService> desiredOf(VirtualServer vs) {
    try {
      return DesiredTable.of(vs, config, health, quorum.up(vs.label()));
    } catch (IllegalArgumentException e) {
      if (unprogrammable.add(vs.label() + ": " + e.getMessage())) {
        LOG.warning("virtual server " + vs.label() + " is not programmed: " + e.getMessage());
      }
      return Map.of();
    }
  }

  /** What the services of {@code keys} are wanted as now (a copy), or the whole table when null. */
  private Map<ServiceKey, LvsVirtualService> desired(java.util.Set<ServiceKey> keys) {
    if (keys == null) {
      return new HashMap<>(desiredAll);
    }
    return io.vertalived.ipvs.reconcile.TableDiff.subset(desiredAll, keys);
  }

  /**
   * Converges the kernel to the desired table; while a convergence runs, requests are merged into one that runs
   * right after it, with the table wanted then. Completes when a convergence that includes this request is done.
   */
  Future<Convergence> reconcile(String trigger, boolean readKernel) {
    return reconcile(trigger, readKernel, null);
  }

  /** {@link #reconcile} of the services in {@code keys} only (null: all). */
  private Future<Convergence> reconcile(String trigger, boolean readKernel, java.util.Set<ServiceKey> keys) {
    if (reconciler == null) {
      return Future.succeededFuture(Convergence.NOTHING);
    }
    if (keys == null || pendingKeys == null) {
      pendingKeys = null;
    } else {
      pendingKeys.addAll(keys);
    }
    Promise<Convergence> done = Promise.promise();
    pendingWaiters.add(done);
    pendingRead |= readKernel;
    if (!pendingTriggers.contains(trigger)) {
      pendingTriggers.add(trigger);
    }
    if (!running && !held) {
      runPending();
    }
    return done.future();
  }

  /** {@link #reconcile} asked from any thread. */
  Future<Convergence> reconcileOnContext(String trigger, boolean readKernel) {
    Promise<Convergence> p = Promise.promise();
    context.runOnContext(v -> reconcile(trigger, readKernel).onComplete(p));
    return p.future();
  }

  private void runPending() {
    running = true;
    List<Promise<Convergence>> waiters = new ArrayList<>(pendingWaiters);
    String trigger = String.join("+", pendingTriggers);
    boolean read = pendingRead;
    java.util.Set<ServiceKey> keys = pendingKeys;
    pendingKeys = new java.util.HashSet<>();
    pendingWaiters.clear();
    pendingTriggers.clear();
    pendingRead = false;
    long t0 = System.nanoTime();
    reconciler.converge(desired(keys), read, keys).onComplete(ar -> {
      running = false;
      if (ar.succeeded()) {
        Convergence c = ar.result();
        meters.converged(c, System.nanoTime() - t0);
        report(trigger, c);
        waiters.forEach(w -> w.complete(c));
      } else {
        LOG.warning("cannot read the kernel's table (" + trigger + "): " + ar.cause().getMessage());
        waiters.forEach(w -> w.fail(ar.cause()));
      }
      if (!pendingWaiters.isEmpty() && !held) {
        runPending();
      }
    });
  }

  private void report(String trigger, Convergence c) {
    if (c.drift()) {
      LOG.warning("the kernel's table was changed outside vertalived; restoring it");
    }
    // a refusal that stays (a virtual server this backend cannot program is planned again at every resync) is
    // said when it first comes, not every 10 s
    boolean newRefusal = false;
    for (String f : c.failures()) {
      if (!saidRefusals.contains(f)) {
        LOG.warning(f);
        newRefusal = true;
      }
    }
    if (trigger.contains("resync") || trigger.contains("start") || trigger.contains("reload")) {
      saidRefusals.clear(); // a whole plan: what it did not refuse is no longer refused
    }
    saidRefusals.addAll(c.failures());
    if (c.applied().isEmpty() && !newRefusal && !c.drift()) {
      return;
    }
    List<String> ops = new ArrayList<>();
    for (LvsOperation op : c.applied()) {
      if (ops.size() == EVENT_OPERATIONS) {
        ops.add("and " + (c.applied().size() - EVENT_OPERATIONS) + " more operations");
        break;
      }
      ops.add(op.toString());
    }
    LOG.fine(() -> "(" + trigger + "): " + String.join("; ", ops));
    Bus.publish(vertx, Addresses.LVS_CHANGE, new LvsChange(node, changeSeq.boot(), changeSeq.next(), Instant.now(),
        backendName, c.drift() ? "resync" : trigger, ops, c.failures()));
  }

  @Override
  protected Future<List<String>> reload(ServiceContext next) {
    if (!next.config().lvs().equals(config.lvs())) {
      LOG.warning("vertalived_lvs backend " + next.config().lvs().backend() + " takes effect at the next start;"
          + " the " + backendName + " backend stays");
    }
    Map<String, Integer> timeoutsBefore = config.global().lvsTimeouts();
    configure(next.config());
    applyTimeouts(timeoutsBefore);
    return rebuildOffLoop().compose(x -> {
      if (syncDaemons != null) {
        syncDaemons.reload(config);
      }
      if (haSuspend != null) {
        haSuspend.reload(config);
      }
      return reconcile("reload", true);
    }).map(c -> {
      List<String> out = new ArrayList<>();
      for (LvsOperation op : c.applied()) {
        if (out.size() == EVENT_OPERATIONS) {
          out.add("ipvs: and " + (c.applied().size() - EVENT_OPERATIONS) + " more operations");
          break;
        }
        out.add("ipvs: " + op);
      }
      c.failures().forEach(f -> out.add("ipvs refused: " + f));
      return out;
    });
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    if (resyncTimer >= 0) {
      vertx.cancelTimer(resyncTimer);
    }
    if (haSuspend != null) {
      haSuspend.stop();
    }
    for (VirtualServer vs : config.virtualServers()) {
      if (vs.omega() && quorum.up(vs.label())) {
        runScript(vs.quorumDown(), vs);
      }
    }
    if (reconciler == null) {
      return closeAll();
    }
    Future<Void> daemons = syncDaemons != null ? syncDaemons.stop() : Future.succeededFuture();
    Future<?> release = daemons.compose(x -> config.global().lvsFlushOnStop() ? reconciler.flush()
        : reconcileFinal().mapEmpty());
    return release.otherwise(e -> {
      LOG.warning("cannot remove the virtual servers at stop: " + e.getMessage());
      return null;
    }).compose(x -> closeAll());
  }

  /** keepalived's clear_services: our services leave the kernel, then what the backend itself made there. */
  private Future<?> reconcileFinal() {
    desiredByServer.clear();
    desiredAll.clear();
    return reconcile("stop", true).compose(c -> reconciler.release());
  }

  private Future<?> closeAll() {
    if (reconciler != null) {
      reconciler.close();
    } else if (worker != null) {
      worker.close();
    }
    if (scripts != null) {
      scripts.close();
    }
    return Future.succeededFuture();
  }
}
