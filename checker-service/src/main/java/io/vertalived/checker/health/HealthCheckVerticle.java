package io.vertalived.checker.health;

import io.vertalived.checker.placement.Membership;
import io.vertalived.checker.placement.Rendezvous;
import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.Bus;
import io.vertalived.core.bus.BusFailure;
import io.vertalived.core.bus.BusStreams;
import io.vertalived.core.bus.CheckResult;
import io.vertalived.core.bus.CheckState;
import io.vertalived.core.bus.CheckerHeartbeat;
import io.vertalived.core.bus.CheckerStats;
import io.vertalived.core.bus.EmptyQuery;
import io.vertalived.core.bus.RealServerCommand;
import io.vertalived.core.bus.RealServerCommandOutcome;
import io.vertalived.core.bus.RealServerSnapshot;
import io.vertalived.core.bus.RealServerState;
import io.vertalived.core.bus.RetainedResults;
import io.vertalived.core.config.model.Checker;
import io.vertalived.core.config.model.RealServer;
import io.vertalived.core.config.model.VirtualServer;
import io.vertalived.core.metrics.ProcessMetrics;
import io.vertalived.core.script.ScriptRunner;
import io.vertalived.core.service.ReloadableVerticle;
import io.vertalived.core.service.ServiceContext;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One checker instance: decides which real servers it owns and has its {@link ProbeShard}s (one
 * per core, each on its own event loop) check them. Ownership is by real server (all its
 * checkers together, so that its aliveness is decided in one place), rendezvous-hashed over the
 * live checker instances, which announce themselves every {@link #HEARTBEAT_MILLIS} ms on
 * {@link Addresses#CHECKER_MEMBERS} (docs/checker-placement.md). A real server taken over goes on
 * from the results its previous owner published, so nothing flaps. Answers
 * {@link Addresses#CHECK_STATE} and {@link Addresses#REAL_SERVER_SNAPSHOT} for the cluster,
 * {@link Addresses#CHECKER_STATS} with its load and scheduling lag, and applies reloads as a
 * difference ({@link CheckerReload}).
 */
public final class HealthCheckVerticle extends ReloadableVerticle {
  private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger("io.vertalived.checker");
  static final long HEARTBEAT_MILLIS = 500;
  static final long DEAD_AFTER_MILLIS = 2_000;
  /**
   * The first claim waits until no new instance has been heard for this long as well: instances
   * started together (docker compose up --scale) do not each claim everything for a moment.
   */
  static final long SETTLED_MILLIS = 1_000;
  private ServiceContext ctx;
  private final String instanceId;
  private final int shardCount;
  /** The real servers' series of every shard (docs/metrics.md). */
  private final RealServerMeters meters = new RealServerMeters();
  static final long RETAINED_MILLIS = 1_000;
  /** How long the cluster-wide answers wait for each other instance's own. */
  static final long ASK_OTHERS_MILLIS = 500;
  /**
   * The latest news of every check seen (the newest result of this instance's own checks is its
   * shard's, {@link ProbeShard#latest(String)}): this instance's shards write theirs directly (a result
   * crossing to this verticle's thread through the bus costs a wake-up per check); the other
   * instances' news (a check's state, reason or weight changed) arrive once a second in batches
   * on {@link Addresses#CHECKER_RETAINED}.
   */
  private final Map<String, CheckResult> latest = new java.util.concurrent.ConcurrentHashMap<>();
  /** This instance's news since its last batch. */
  private final java.util.Queue<CheckResult> sinceLastBatch = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private long retainedTimer;
  /** Real server key → the shard that checks it; insertion order is the configuration's. */
  private final Map<String, ProbeShard> shardOf = new LinkedHashMap<>();
  /** Real server key → its virtual server and definition, as configured now. */
  private final Map<String, CheckerReload.Entry> configured = new LinkedHashMap<>();
  private final java.util.HashSet<String> owned = new java.util.HashSet<>();
  private final List<ProbeShard> shards = new ArrayList<>();
  /** ha_suspend: what the directors said, read by every shard. */
  private final HaSuspendBoard suspension = new HaSuspendBoard();
  private final Membership membership;
  private long heartbeat;
  private long joinedAt;
  private long lastNewMember;
  /** The live members ownership was last decided for: nothing moves while they stay the same. */
  private Set<String> placedFor = Set.of();
  /** A reload added real servers: the next rebalance places them even if the members are the same. */
  private boolean unplaced;
  private ScriptRunner scripts;
  /** The cluster map of drained real servers (key → true), kept across instances and restarts of one. */
  static final String DRAINED_MAP = "vertalived.checker.drained";
  /** The real servers drained by the operator (by key), as the cluster's drains say. */
  private final Set<String> drained = java.util.concurrent.ConcurrentHashMap.newKeySet();

  public HealthCheckVerticle(ServiceContext ctx) {
    this(ctx, Runtime.getRuntime().availableProcessors());
  }

  /** @param shardCount event loops to spread the real servers over */
  public HealthCheckVerticle(ServiceContext ctx, int shardCount) {
    this.ctx = ctx;
    this.instanceId = ctx.node() + "/" + UUID.randomUUID().toString().substring(0, 8);
    this.membership = new Membership(instanceId, DEAD_AFTER_MILLIS * 1_000_000);
    this.shardCount = Math.max(1, shardCount);
  }

  /** Stable across restarts and nodes: {@code VS/RS/TYPE#n}. */
  static String checkId(VirtualServer vs, RealServer rs, Checker c, int n) {
    return checkId(vs.label() + "/" + rs.endpoint(), c, n);
  }

  /** {@link #checkId(VirtualServer, RealServer, Checker, int)} from the real server's key ({@code label/endpoint}). */
  static String checkId(String key, Checker c, int n) {
    return key + "/" + c.type() + "#" + n;
  }

  @Override
  public Future<?> start() {
    BusStreams streams = BusStreams.of(vertx);
    for (int i = 0; i < shardCount; i++) {
      shards.add(new ProbeShard(ctx.node(), instanceId, streams.sequencer(Addresses.CHECK_RESULT),
          streams.sequencer(Addresses.REAL_SERVER_STATE), ctx.config().ssl(), this::scripts, (r, news) -> {
        latest.put(r.checkId(), r);
        if (news) {
          sinceLastBatch.add(r);
        }
      }));
    }
    if (ProcessMetrics.addSource(vertx, meters)) {
      shards.forEach(s -> s.meters = meters);
    }
    shards.forEach(s -> s.suspension = suspension);
    for (CheckerReload.Entry e : CheckerReload.entries(ctx.config())) {
      ProbeShard shard = shardFor(e.key());
      shard.add(e);
      shardOf.put(e.key(), shard);
      configured.put(e.key(), e);
    }
    Future<?> deployed = Future.all(shards.stream().map(s -> vertx.deployVerticle(s)).toList());
    return deployed.compose(x -> join());
  }

  private ProbeShard shardFor(String key) {
    return shards.get(Math.floorMod(key.hashCode(), shardCount));
  }

  private Future<?> join() {
    Bus.consume(vertx, Addresses.CHECKER_MEMBERS, h -> {
      String member = h.checker();
      if (member != null && !member.equals(instanceId)) {
        if (h.leaving()) {
          membership.left(member);
          rebalance();
        } else if (membership.heard(member, System.nanoTime())) {
          lastNewMember = System.nanoTime();
          publishOwnLatest();
        }
      }
    });
    joinedAt = System.nanoTime();
    lastNewMember = joinedAt;
    heartbeat = vertx.setPeriodic(HEARTBEAT_MILLIS, t -> {
      announce(false);
      rebalance();
    });
    announce(false);
    Bus.consume(vertx, Addresses.CHECKER_RETAINED, this::keepOthersResults);
    retainedTimer = vertx.setPeriodic(RETAINED_MILLIS, t -> publishRetained());
    Bus.answer(vertx, Addresses.CHECKER_STATS, instanceId, q -> stats(q.reset()));
    Bus.answer(vertx, Addresses.CHECKER_OWN_STATE, instanceId, q -> Future.succeededFuture(new CheckState(ownLatest())));
    Bus.answer(vertx, Addresses.CHECKER_OWN_REAL_SERVERS, instanceId, q -> ownRealServers());
    Bus.consume(vertx, Addresses.REAL_SERVER_DRAINS, this::drainHeard);
    Bus.consume(vertx, Addresses.LVS_SUSPENSION, s -> suspension.heard(s, System.nanoTime()));
    Bus.answer(vertx, Addresses.CHECKER_REAL_SERVER_COMMAND, instanceId, this::commandHere);
    Bus.answer(vertx, Addresses.REAL_SERVER_COMMAND, this::command);
    // the picture so far, from an instance already running (none: we are the first)
    Future<?> drains = vertx.sharedData().<String, Boolean>getAsyncMap(DRAINED_MAP).compose(m -> m.keys())
        .onSuccess(drained::addAll)
        .onFailure(e -> LOG.warning("cannot read the cluster's drained real servers: " + e.getMessage()));
    return drains.transform(x -> Bus.request(vertx, Addresses.CHECK_STATE, EmptyQuery.INSTANCE, 1_000))
        .onSuccess(state -> state.checks().forEach(r -> latest.putIfAbsent(r.checkId(), r)))
        .transform(ar -> {
          Bus.answer(vertx, Addresses.CHECK_STATE, q -> wholePicture());
          Bus.answer(vertx, Addresses.REAL_SERVER_SNAPSHOT, q -> everyRealServer());
          return Future.succeededFuture();
        });
  }

  /** The latest result of each check this instance owns now. */
  private List<CheckResult> ownLatest() {
    List<CheckResult> mine = new ArrayList<>();
    for (String key : owned) {
      CheckerReload.Entry e = configured.get(key);
      if (e != null) {
        e.checkIds().forEach(id -> {
          CheckResult r = newest(key, id);
          if (r != null) {
            mine.add(r);
          }
        });
      }
    }
    return mine;
  }

  /**
   * The newest result of check {@code id} of real server {@code key}: its shard's (the latest check's
   * time and latency) while it has one, else the last news kept ({@link #latest}).
   */
  private CheckResult newest(String key, String id) {
    ProbeShard shard = shardOf.get(key);
    CheckResult r = shard == null ? null : shard.latest(id);
    return r != null ? r : latest.get(id);
  }

  /**
   * The latest result of every check: what this instance keeps (its own; the others' as of their
   * last news) with each other live instance's own latest over it; an instance that does not
   * answer within {@link #ASK_OTHERS_MILLIS} leaves its checks as last heard of.
   */
  private Future<CheckState> wholePicture() {
    Map<String, CheckResult> picture = new HashMap<>(latest);
    ownLatest().forEach(r -> picture.merge(r.checkId(), r, HealthCheckVerticle::newer));
    List<Future<?>> asked = new ArrayList<>();
    for (String other : others()) {
      asked.add(Bus.request(vertx, Addresses.CHECKER_OWN_STATE, other, EmptyQuery.INSTANCE, ASK_OTHERS_MILLIS)
          .onSuccess(reply -> reply.checks().forEach(r -> picture.merge(r.checkId(), r, HealthCheckVerticle::newer))));
    }
    return Future.join(asked).transform(x -> Future.succeededFuture(new CheckState(List.copyOf(picture.values()))));
  }

  /** This instance's real servers and each other live instance's, by real server. */
  private Future<RealServerSnapshot> everyRealServer() {
    Map<String, RealServerState> picture = new java.util.TreeMap<>();
    List<Future<?>> asked = new ArrayList<>();
    asked.add(ownRealServers().onSuccess(s -> s.realServers().forEach(r -> picture.put(keyOf(r), r))));
    for (String other : others()) {
      asked.add(Bus.request(vertx, Addresses.CHECKER_OWN_REAL_SERVERS, other, EmptyQuery.INSTANCE, ASK_OTHERS_MILLIS)
          .onSuccess(s -> s.realServers().forEach(r -> picture.merge(keyOf(r), r,
              (a, b) -> b.timestamp().isBefore(a.timestamp()) ? a : b))));
    }
    return Future.join(asked).transform(x -> Future.succeededFuture(new RealServerSnapshot(List.copyOf(picture.values()))));
  }

  private Future<RealServerSnapshot> ownRealServers() {
    return Future.all(shards.stream().map(ProbeShard::realServers).toList()).map(all -> {
      List<RealServerState> out = new ArrayList<>();
      for (int i = 0; i < all.size(); i++) {
        List<RealServerState> one = all.resultAt(i);
        out.addAll(one);
      }
      return new RealServerSnapshot(out);
    });
  }

  private static String keyOf(RealServerState r) {
    return r.virtualServer() + "/" + r.realServer();
  }

  private List<String> others() {
    return membership.live(System.nanoTime()).stream().filter(m -> !m.equals(instanceId)).toList();
  }

  private static CheckResult newer(CheckResult a, CheckResult b) {
    return b.timestamp().isBefore(a.timestamp()) ? a : b;
  }

  /**
   * A new instance was heard: it gets this instance's latest result of every check it owns (news published while
   * this instance was alone, or before the newcomer listened, reached nobody), so that whoever takes a check over
   * later goes on from its last result instead of starting afresh (a DOWN real server would flap).
   */
  private void publishOwnLatest() {
    List<CheckResult> mine = ownLatest();
    for (int from = 0; from < mine.size(); from += RETAINED_CHUNK) {
      Bus.publish(vertx, Addresses.CHECKER_RETAINED,
          new RetainedResults(instanceId, List.copyOf(mine.subList(from, Math.min(mine.size(), from + RETAINED_CHUNK)))));
    }
  }

  /** Results per retained message when a newcomer gets the whole picture. */
  private static final int RETAINED_CHUNK = 1_000;

  /** Publishes this second's news in one message while there are other instances to keep them. */
  private void publishRetained() {
    List<CheckResult> batch = new ArrayList<>();
    for (CheckResult r; (r = sinceLastBatch.poll()) != null; ) {
      batch.add(r);
    }
    if (batch.isEmpty() || membership.live(System.nanoTime()).size() < 2) {
      return;
    }
    Bus.publish(vertx, Addresses.CHECKER_RETAINED, new RetainedResults(instanceId, batch));
  }

  private void keepOthersResults(RetainedResults batch) {
    if (instanceId.equals(batch.checker())) {
      return;
    }
    batch.results().forEach(r -> latest.merge(r.checkId(), r, HealthCheckVerticle::newer));
  }

  /** The shards' counters and lag merged (see {@link Addresses#CHECKER_STATS}). */
  private Future<CheckerStats> stats(boolean reset) {
    return Future.all(shards.stream().map(s -> s.stats(reset)).toList()).map(all -> {
      LagHistogram lag = new LagHistogram();
      long[] sums = new long[5];
      for (int i = 0; i < all.size(); i++) {
        ProbeShard.Stats s = all.resultAt(i);
        lag.add(s.lag());
        long[] v = {s.realServers(), s.checks(), s.checksRun(), s.failures(), s.inFlight()};
        for (int k = 0; k < v.length; k++) {
          sums[k] += v[k];
        }
      }
      Map<String, Long> buckets = new LinkedHashMap<>();
      lag.buckets().forEach((upper, n) -> buckets.put(Long.toString(upper), n));
      return new CheckerStats(instanceId, shards.size(), sums[0], sums[1], sums[2], sums[3], sums[4],
          lag.count(), lag.percentileMillis(0.5), lag.percentileMillis(0.99), lag.maxMillis(), buckets);
    });
  }

  private void announce(boolean leaving) {
    Bus.publish(vertx, Addresses.CHECKER_MEMBERS, new CheckerHeartbeat(instanceId, leaving));
  }

  /**
   * Takes the real servers this instance owns now and lets go of the others; not before it has
   * listened for one dead-after period, so that it knows the others before it claims anything.
   */
  private void rebalance() {
    long now = System.nanoTime();
    if (now - joinedAt < DEAD_AFTER_MILLIS * 1_000_000
        || placedFor.isEmpty() && now - lastNewMember < SETTLED_MILLIS * 1_000_000) {
      return;
    }
    Set<String> live = membership.live(now);
    if (live.equals(placedFor) && !unplaced) {
      return;
    }
    boolean membersChanged = !live.equals(placedFor);
    placedFor = live;
    unplaced = false;
    shardOf.forEach((key, shard) -> {
      boolean mine = instanceId.equals(Rendezvous.owner(key, live));
      if (mine && owned.add(key)) {
        shard.take(key, lastResults(key), drained.contains(key));
      } else if (!mine && owned.remove(key)) {
        shard.release(key);
      }
    });
    if (membersChanged) {
      LOG.info("checker instances " + live + ": " + instanceId + " checks " + owned.size() + " of " + shardOf.size()
          + " real servers");
    }
  }

  /** The latest results of a real server's checks, by check id: a check taken goes on from them. */
  private Map<String, CheckResult> lastResults(String key) {
    Map<String, CheckResult> last = new HashMap<>();
    CheckerReload.Entry e = configured.get(key);
    if (e != null) {
      e.checkIds().forEach(id -> {
        CheckResult r = newest(key, id);
        if (r != null) {
          last.put(id, r);
        }
      });
    }
    return last;
  }

  /**
   * A reload: real servers whose definition did not change keep their checks, state and schedule;
   * removed ones stop (an alive one goes down as keepalived takes it down); changed ones are
   * checked anew from the last results of the checks that stayed the same; added ones are placed.
   */
  @Override
  protected Future<List<String>> reload(ServiceContext next) {
    CheckerReload diff = CheckerReload.between(ctx.config(), next.config());
    ctx = next;
    List<Future<?>> steps = new ArrayList<>();
    for (String key : diff.removed()) {
      ProbeShard shard = shardOf.remove(key);
      CheckerReload.Entry gone = configured.remove(key);
      owned.remove(key);
      // its results are forgotten once its checks have stopped (one in flight would put its result back)
      steps.add(shard.remove(key, true).onSuccess(v -> {
        if (gone != null) {
          gone.checkIds().forEach(latest::remove);
        }
      }));
    }
    for (CheckerReload.Entry e : diff.changed()) {
      ProbeShard shard = shardOf.get(e.key());
      CheckerReload.Entry before = configured.put(e.key(), e);
      boolean wasOwned = owned.contains(e.key());
      Map<String, CheckResult> carried = new HashMap<>();
      for (String id : CheckerReload.unchangedChecks(before, e)) {
        CheckResult r = newest(e.key(), id);
        if (r != null) {
          carried.put(id, r);
        }
      }
      before.checkIds().stream().filter(id -> !carried.containsKey(id)).forEach(latest::remove);
      steps.add(shard.remove(e.key(), false).compose(v -> shard.addLater(e, next.config().ssl()))
          .onSuccess(v -> {
            if (wasOwned) {
              shard.take(e.key(), carried, drained.contains(e.key()));
            }
          }));
    }
    for (CheckerReload.Entry e : diff.added()) {
      ProbeShard shard = shardFor(e.key());
      shardOf.put(e.key(), shard);
      configured.put(e.key(), e);
      steps.add(shard.addLater(e, next.config().ssl()));
    }
    // the shards answer on their own event loops: placement goes on on this verticle's
    io.vertx.core.Promise<List<String>> done = io.vertx.core.Promise.promise();
    io.vertx.core.Context home = context;
    Future.join(steps).onComplete(ar -> home.runOnContext(v -> {
      if (!diff.added().isEmpty()) {
        unplaced = true;
        rebalance();
      }
      done.complete(diff.changes());
    }));
    return done.future();
  }

  /**
   * A real-server command from anywhere ({@link Addresses#REAL_SERVER_COMMAND}): done here when
   * this instance owns the real server, else passed to the instance that does.
   */
  private Future<RealServerCommandOutcome> command(RealServerCommand c) {
    String refused = refusal(c);
    if (refused != null) {
      return Future.failedFuture(new BusFailure(refused.startsWith("no real server") ? BusFailure.NOT_FOUND
          : BusFailure.BAD_REQUEST, refused));
    }
    String key = c.virtualServer() + "/" + c.realServer();
    if (owned.contains(key)) {
      return commandHere(c);
    }
    String owner = placedFor.isEmpty() ? null : Rendezvous.owner(key, placedFor);
    if (owner == null || owner.equals(instanceId)) {
      return Future.failedFuture(new BusFailure(BusFailure.UNAVAILABLE, "real server " + c.realServer() + " of "
          + c.virtualServer() + " is not placed on a checker instance yet; try again in a few seconds"));
    }
    return Bus.request(vertx, Addresses.CHECKER_REAL_SERVER_COMMAND, owner, c, 30_000);
  }

  /** Why a command cannot be done, or null. */
  private String refusal(RealServerCommand c) {
    if (c.action() == null || !List.of(RealServerCommand.DRAIN, RealServerCommand.ENABLE, RealServerCommand.CHECK)
        .contains(c.action())) {
      return "action must be drain, enable or check, not '" + c.action() + "'";
    }
    if (!configured.containsKey(c.virtualServer() + "/" + c.realServer())) {
      return "no real server " + c.realServer() + " of virtual server " + c.virtualServer() + " in the configuration";
    }
    return null;
  }

  /** A command for a real server this instance owns ({@link Addresses#CHECKER_REAL_SERVER_COMMAND}). */
  private Future<RealServerCommandOutcome> commandHere(RealServerCommand c) {
    String refused = refusal(c);
    if (refused != null) {
      return Future.failedFuture(new BusFailure(BusFailure.BAD_REQUEST, refused));
    }
    String key = c.virtualServer() + "/" + c.realServer();
    ProbeShard shard = shardOf.get(key);
    if (!owned.contains(key) || shard == null) {
      return Future.failedFuture(new BusFailure(BusFailure.CONFLICT, "checker instance " + instanceId
          + " no longer owns " + key));
    }
    if (c.action().equals(RealServerCommand.CHECK)) {
      return shard.checkNow(key).map(done -> new RealServerCommandOutcome(c.action(), done.state(), done.results(),
          done.results().size() + " check" + (done.results().size() == 1 ? "" : "s") + " of " + c.realServer() + " ran: "
              + (done.state() == null ? "unknown" : done.state().alive() ? "alive" : "dead")));
    }
    boolean drain = c.action().equals(RealServerCommand.DRAIN);
    // the cluster map first: an instance that takes the real server over later finds it there
    return vertx.sharedData().<String, Boolean>getAsyncMap(DRAINED_MAP)
        .compose(m -> drain ? m.put(key, true) : m.remove(key).mapEmpty())
        .compose(v -> {
          if (drain) {
            drained.add(key);
          } else {
            drained.remove(key);
          }
          Bus.publish(vertx, Addresses.REAL_SERVER_DRAINS, c);
          return shard.drain(key, drain);
        })
        .map(state -> {
          LOG.info((drain ? "Draining" : "Enabling") + " service " + c.realServer() + " of VS " + c.virtualServer()
              + " (operator)");
          return new RealServerCommandOutcome(c.action(), state, List.of(), c.realServer() + " of " + c.virtualServer()
              + (drain ? " drained: weight 0, existing connections finish" : " enabled: weight " + (state == null ? "?"
              : state.weight())));
        });
  }

  /** Another instance drained or enabled a real server: kept, and applied if it moves here. */
  private void drainHeard(RealServerCommand c) {
    String key = c.virtualServer() + "/" + c.realServer();
    boolean drain = RealServerCommand.DRAIN.equals(c.action());
    if (drain) {
      drained.add(key);
    } else {
      drained.remove(key);
    }
    ProbeShard shard = shardOf.get(key);
    if (shard != null && owned.contains(key)) {
      shard.drain(key, drain);
    }
  }

  /** MISC_CHECK and notify scripts run on their own worker threads, as script_user by default. */
  private synchronized ScriptRunner scripts() {
    if (scripts == null) {
      var g = ctx.config().global();
      String user = g.scriptUser() != null ? g.scriptUser() : g.enableScriptSecurity() ? "keepalived_script" : null;
      scripts = new ScriptRunner(vertx, "misc-check", 4, user, g.scriptGroup());
    }
    return scripts;
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(heartbeat);
    vertx.cancelTimer(retainedTimer);
    ProcessMetrics.removeSource(vertx, meters);
    publishRetained();
    announce(true);
    synchronized (this) {
      if (scripts != null) {
        scripts.close();
      }
    }
    return Future.succeededFuture();
  }
}
