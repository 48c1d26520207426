package io.vertalived.checker.health;

import io.vertalived.checker.placement.Membership;
import io.vertalived.checker.placement.Rendezvous;
import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.CheckResult;
import io.vertalived.core.bus.RecordJson;
import io.vertalived.core.bus.Sequencer;
import io.vertalived.core.config.model.Checker;
import io.vertalived.core.config.model.RealServer;
import io.vertalived.core.config.model.VirtualServer;
import io.vertalived.core.script.ScriptRunner;
import io.vertalived.core.service.ServiceContext;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
 * {@link Addresses#CHECK_STATE} with the latest result of every check it has seen and
 * {@link Addresses#checkerStats} with its load and scheduling lag.
 */
public final class HealthCheckVerticle extends VerticleBase {
  private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger("io.vertalived.checker");
  static final long HEARTBEAT_MILLIS = 500;
  static final long DEAD_AFTER_MILLIS = 2_000;
  /**
   * The first claim waits until no new instance has been heard for this long as well: instances
   * started together (docker compose up --scale) do not each claim everything for a moment.
   */
  static final long SETTLED_MILLIS = 1_000;
  private final ServiceContext ctx;
  private final String instanceId;
  private final int shardCount;
  private final Sequencer sequence = new Sequencer();
  static final long RETAINED_MILLIS = 1_000;
  /** How long {@link Addresses#CHECK_STATE} waits for each other instance's own checks. */
  static final long ASK_OTHERS_MILLIS = 500;
  /**
   * The latest result of every check seen: this instance's shards write theirs directly (a result
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
  private final Map<String, List<String>> checkIdsOf = new HashMap<>();
  private final java.util.HashSet<String> owned = new java.util.HashSet<>();
  private final List<ProbeShard> shards = new ArrayList<>();
  private final Membership membership;
  private long heartbeat;
  private long joinedAt;
  private long lastNewMember;
  /** The live members ownership was last decided for: nothing moves while they stay the same. */
  private Set<String> placedFor = Set.of();
  private ScriptRunner scripts;

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
    return vs.label() + "/" + rs.endpoint() + "/" + c.type() + "#" + n;
  }

  @Override
  public Future<?> start() {
    for (int i = 0; i < shardCount; i++) {
      shards.add(new ProbeShard(ctx.node(), instanceId, sequence, ctx.config().ssl(), this::scripts, (r, news) -> {
        latest.put(r.checkId(), r);
        if (news) {
          sinceLastBatch.add(r);
        }
      }));
    }
    for (VirtualServer vs : ctx.config().virtualServers()) {
      for (RealServer rs : vs.realServers()) {
        String key = vs.label() + "/" + rs.endpoint();
        ProbeShard shard = shards.get(Math.floorMod(key.hashCode(), shardCount));
        shard.add(vs, rs);
        shardOf.put(key, shard);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < rs.checkers().size(); i++) {
          ids.add(checkId(vs, rs, rs.checkers().get(i), i));
        }
        checkIdsOf.put(key, ids);
      }
    }
    Future<?> deployed = Future.all(shards.stream().map(s -> vertx.deployVerticle(s)).toList());
    return deployed.compose(x -> join());
  }

  private Future<?> join() {
    vertx.eventBus().<JsonObject>consumer(Addresses.CHECKER_MEMBERS, m -> {
      String member = m.body().getString("checker");
      if (member != null && !member.equals(instanceId)) {
        if (m.body().getBoolean("leaving", false)) {
          membership.left(member);
          rebalance();
        } else {
          if (membership.heard(member, System.nanoTime())) {
            lastNewMember = System.nanoTime();
          }
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
    vertx.eventBus().<JsonObject>consumer(Addresses.CHECKER_RETAINED, m -> keepOthersResults(m.body()));
    retainedTimer = vertx.setPeriodic(RETAINED_MILLIS, t -> publishRetained());
    vertx.eventBus().<JsonObject>consumer(Addresses.checkerStats(instanceId), m ->
        stats(m.body() != null && m.body().getBoolean("reset", false)).onSuccess(m::reply));
    vertx.eventBus().<JsonObject>consumer(Addresses.checkerOwnState(instanceId), m -> m.reply(checksJson(ownLatest())));
    // the picture so far, from an instance already running (none: we are the first)
    return vertx.eventBus().<JsonObject>request(Addresses.CHECK_STATE, new JsonObject(), new DeliveryOptions().setSendTimeout(1_000))
        .onSuccess(reply -> reply.body().getJsonArray("checks", new JsonArray()).forEach(o -> {
          CheckResult r = RecordJson.decode(CheckResult.class, (JsonObject) o);
          latest.putIfAbsent(r.checkId(), r);
        }))
        .transform(ar -> {
          vertx.eventBus().consumer(Addresses.CHECK_STATE, msg -> wholePicture().onSuccess(msg::reply));
          return Future.succeededFuture();
        });
  }

  /** The latest result of each check this instance owns now. */
  private List<CheckResult> ownLatest() {
    List<CheckResult> mine = new ArrayList<>();
    owned.forEach(key -> checkIdsOf.get(key).forEach(id -> {
      CheckResult r = latest.get(id);
      if (r != null) {
        mine.add(r);
      }
    }));
    return mine;
  }

  /**
   * The latest result of every check: what this instance keeps (its own; the others' as of their
   * last news) with each other live instance's own latest over it; an instance that does not
   * answer within {@link #ASK_OTHERS_MILLIS} leaves its checks as last heard of.
   */
  private Future<JsonObject> wholePicture() {
    Map<String, CheckResult> picture = new HashMap<>(latest);
    List<Future<?>> asked = new ArrayList<>();
    for (String other : membership.live(System.nanoTime())) {
      if (!other.equals(instanceId)) {
        asked.add(vertx.eventBus().<JsonObject>request(Addresses.checkerOwnState(other), new JsonObject(),
                new DeliveryOptions().setSendTimeout(ASK_OTHERS_MILLIS))
            .onSuccess(reply -> reply.body().getJsonArray("checks", new JsonArray()).forEach(o -> {
              CheckResult r = RecordJson.decode(CheckResult.class, (JsonObject) o);
              picture.merge(r.checkId(), r, HealthCheckVerticle::newer);
            })));
      }
    }
    return Future.join(asked).transform(x -> Future.succeededFuture(checksJson(picture.values())));
  }

  private static CheckResult newer(CheckResult a, CheckResult b) {
    return b.timestamp().isBefore(a.timestamp()) ? a : b;
  }

  private static JsonObject checksJson(java.util.Collection<CheckResult> results) {
    JsonArray list = new JsonArray();
    results.forEach(r -> list.add(RecordJson.encode(r)));
    return new JsonObject().put("checks", list);
  }

  /** Publishes this second's news in one message while there are other instances to keep them. */
  private void publishRetained() {
    List<CheckResult> batch = new ArrayList<>();
    for (CheckResult r; (r = sinceLastBatch.poll()) != null; ) {
      batch.add(r);
    }
    if (batch.isEmpty() || membership.live(System.nanoTime()).size() < 2) {
      return;
    }
    JsonArray results = new JsonArray();
    batch.forEach(r -> results.add(RecordJson.encode(r)));
    vertx.eventBus().publish(Addresses.CHECKER_RETAINED, new JsonObject().put("checker", instanceId).put("results", results));
  }

  private void keepOthersResults(JsonObject batch) {
    if (instanceId.equals(batch.getString("checker"))) {
      return;
    }
    batch.getJsonArray("results", new JsonArray()).forEach(o -> {
      CheckResult r = RecordJson.decode(CheckResult.class, (JsonObject) o);
      latest.merge(r.checkId(), r, HealthCheckVerticle::newer);
    });
  }

  /** The shards' counters and lag merged (see {@link Addresses#checkerStats}). */
  private Future<JsonObject> stats(boolean reset) {
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
      JsonObject buckets = new JsonObject();
      lag.buckets().forEach((upper, n) -> buckets.put(Long.toString(upper), n));
      return new JsonObject().put("checker", instanceId).put("shards", shards.size())
          .put("realServers", sums[0]).put("checks", sums[1]).put("checksRun", sums[2])
          .put("failures", sums[3]).put("inFlight", sums[4])
          .put("lagSamples", lag.count()).put("lagP50Ms", lag.percentileMillis(0.5))
          .put("lagP99Ms", lag.percentileMillis(0.99)).put("lagMaxMs", lag.maxMillis()).put("lagBuckets", buckets);
    });
  }

  private void announce(boolean leaving) {
    vertx.eventBus().publish(Addresses.CHECKER_MEMBERS, new JsonObject().put("checker", instanceId).put("leaving", leaving));
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
    if (live.equals(placedFor)) {
      return;
    }
    placedFor = live;
    shardOf.forEach((key, shard) -> {
      boolean mine = instanceId.equals(Rendezvous.owner(key, live));
      if (mine && owned.add(key)) {
        Map<String, CheckResult> last = new HashMap<>();
        checkIdsOf.get(key).forEach(id -> {
          CheckResult r = latest.get(id);
          if (r != null) {
            last.put(id, r);
          }
        });
        shard.take(key, last);
      } else if (!mine && owned.remove(key)) {
        shard.release(key);
      }
    });
    LOG.info("checker instances " + live + ": " + instanceId + " checks " + owned.size() + " of " + shardOf.size()
        + " real servers");
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
