package io.vertalived.checker.health;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.Bus;
import io.vertalived.core.bus.LocalListeners;
import io.vertalived.core.bus.CheckResult;
import io.vertalived.core.bus.RealServerState;
import io.vertalived.core.bus.Sequencer;
import io.vertalived.core.config.model.Checker;
import io.vertalived.core.config.model.RealServer;
import io.vertalived.core.config.model.SslSettings;
import io.vertalived.core.config.model.VirtualServer;
import io.vertalived.core.script.ScriptRunner;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The real servers of one checker instance that fall to one event loop: their probes, each
 * check's {@link CheckerState} on its schedule, their {@link RealServerHealth}, and the results
 * and state changes they publish. The instance ({@link HealthCheckVerticle}) decides which of
 * them are owned and calls {@link #take} / {@link #release} from its own thread; everything of a
 * real server then happens on this shard's event loop, so an instance uses every core.
 */
final class ProbeShard extends VerticleBase {
  private static final long NOTIFY_TIMEOUT_MS = 30_000;
  /** A timeout's firing late by up to this much is not passed on to the next check's due time (timer wake-ups). */
  private static final long TIMER_LATENESS_NANOS = 20_000_000;
  private static final Logger LOG = Logger.getLogger("io.vertalived.checker");
  private final String node;
  private final String instanceId;
  private final Sequencer results;
  private final Sequencer states;
  private SslSettings tls;
  private final Supplier<ScriptRunner> scripts;
  private final ProbeFactory probes;
  private final Map<String, Unit> units = new LinkedHashMap<>();
  /** Every check of {@link #units} by id, for the instance's thread ({@link #latest(String)}). */
  private final Map<String, Check> checksById = new java.util.concurrent.ConcurrentHashMap<>();
  private final LagHistogram lag = new LagHistogram();
  /** How early a check may run to share a wake-up with others ({@link DueChecks}). */
  static final long CHECK_SLACK_NANOS = 2_000_000;
  private final DueChecks<Check> dueChecks = new DueChecks<>(CHECK_SLACK_NANOS);
  /**
   * The most checks one ring of the alarm starts; more due wait for the next turn of the event loop, which first
   * handles what the connections started said. After a pause (a full collection, a stolen CPU) thousands are due at
   * once: started in one go, each would end only after all of them had started, and its next check, due
   * {@code delay_loop} after it ended, would carry its place in that bunch; the bunch came back every
   * {@code delay_loop}, squeezed tighter each time (docs/benchmarks.md, 100,000 real servers).
   */
  static final int CHECKS_PER_RING = 64;
  private io.vertx.core.Timer alarm;
  private long alarmAt = Long.MAX_VALUE;
  /** The instance's real-server series (docs/metrics.md), shared by its shards; null: this process keeps no metrics. */
  RealServerMeters meters;
  private long checksRun;
  private long failures;
  private int inFlight;
  /** The owned real servers and their checks, counted as they are taken and released ({@link #stats} is asked every second by some). */
  private int ownedUnits;
  private int ownedChecks;

  /** One real server and its checks: the unit of placement. */
  static final class Unit {
    final VirtualServer vs;
    final RealServer rs;
    final String key;
    final String label;
    final String endpoint;
    final List<Check> checks;
    RealServerHealth health;
    boolean owned;
    int dynamicWeight = -1;
    /** Drained by the operator: alive or not, its weight is 0 until enabled. */
    boolean drained;
    /** Its checks wait: ha_suspend, and no director has its virtual server's address. */
    boolean suspended;
    /** What {@link Addresses#REAL_SERVER_STATE} said of it last, or would say (set when taken). */
    RealServerState state;
    /** Its series while owned here (null when not, or when this process keeps no metrics). */
    RealServerMeters.Owned meters;

    /** The entry's strings, not copies of them: a checker keeps one unit per real server. */
    Unit(CheckerReload.Entry e) {
      this.vs = e.vs();
      this.rs = e.rs();
      this.label = e.label();
      this.endpoint = e.endpoint();
      this.key = e.key();
      this.checks = new ArrayList<>(rs.checkers().size());
      for (int i = 0; i < rs.checkers().size(); i++) {
        checks.add(new Check(this, e.checkIds().get(i), rs.checkers().get(i)));
      }
    }
  }

  /** One check of a unit; it is its own entry while it waits for its due time ({@link DueChecks}). */
  private static final class Check extends DueChecks.Entry {
    final Unit unit;
    final String id;
    final Checker checker;
    Probe probe;
    CheckerState state;
    /**
     * Its last result that said something new since this instance took it (null: none yet); the
     * results since, equal to it but for their time and latency, are kept as the two fields below
     * rather than as objects: one object per check that outlived a young collection made each one
     * copy every check of the last seconds (docs/benchmarks.md, 100,000 real servers).
     */
    volatile CheckResult previous;
    /** When its latest result came (epoch ms) and how long that check took, if after {@link #previous}. */
    volatile long latestAtMillis;
    volatile double latestLatencyMillis;
    /** Its durations and failures (set when its real server is taken, if this process keeps metrics). */
    RealServerMeters.CheckMeters meters;
    final long connectTimeoutNanos;

    Check(Unit unit, String id, Checker checker) {
      this.unit = unit;
      this.id = id;
      this.checker = checker;
      this.connectTimeoutNanos = Math.round(checker.settings().connectTimeout() * 1e9);
    }

    /** Its latest result: {@link #previous} with the time and latency of the latest check. */
    CheckResult latest() {
      long at = latestAtMillis; // before previous: a news result zeroes it first (completed)
      CheckResult p = previous;
      if (p == null || at <= p.timestamp().toEpochMilli()) {
        return p;
      }
      return new CheckResult(p.node(), p.boot(), p.sequence(), Instant.ofEpochMilli(at), p.checkId(), p.virtualServer(),
          p.realServer(), p.checkType(), p.up(), p.reason(), latestLatencyMillis, p.dynamicWeight(), p.checker());
    }
  }

  /** Makes the probe of one check; {@link #standardProbe} unless a test gives another. */
  @FunctionalInterface
  interface ProbeFactory {
    /** The probe of checker {@code c} of real server {@code rs}, or null while its type has none. */
    Probe create(io.vertx.core.Vertx vertx, Checker c, RealServer rs, SslSettings tls, Supplier<ScriptRunner> scripts);
  }

  /** Every result within this JVM; only those that say something new across the cluster. */
  private static final DeliveryOptions THIS_JVM = new DeliveryOptions().setLocalOnly(true);
  /** Who in this JVM hears the results that say nothing new: without them those are not published at all. */
  private LocalListeners everyResult;
  private final BiConsumer<CheckResult, Boolean> retain;
  /** ha_suspend: which virtual servers' checks wait (the instance's board, shared by its shards). */
  HaSuspendBoard suspension = new HaSuspendBoard();

  /**
   * @param retain where each result that says something new of its check goes as well as onto the bus
   *     (the instance's retained state; {@link #saysSomethingNew}), with true; the newest result of a
   *     check is {@link #latest(String)}; at a release, each check's newest with false
   * @param results the numbering of the results that cross the cluster ({@link Addresses#CHECK_RESULT})
   * @param states the numbering of {@link Addresses#REAL_SERVER_STATE}
   */
  ProbeShard(String node, String instanceId, Sequencer results, Sequencer states, SslSettings tls,
             Supplier<ScriptRunner> scripts, BiConsumer<CheckResult, Boolean> retain) {
    this(node, instanceId, results, states, tls, scripts, retain, ProbeShard::standardProbe);
  }

  ProbeShard(String node, String instanceId, Sequencer results, Sequencer states, SslSettings tls,
             Supplier<ScriptRunner> scripts, BiConsumer<CheckResult, Boolean> retain, ProbeFactory probes) {
    this.probes = probes;
    this.retain = retain;
    this.node = node;
    this.instanceId = instanceId;
    this.results = results;
    this.states = states;
    this.tls = tls;
    this.scripts = scripts;
  }

  /** Adds a real server before deployment. */
  void add(CheckerReload.Entry e) {
    Unit u = new Unit(e);
    units.put(u.key, u);
    u.checks.forEach(c -> checksById.put(c.id, c));
  }

  /** The probes are made here, so that their connections live on this shard's event loop. */
  @Override
  public Future<?> start() {
    everyResult = LocalListeners.of(vertx, Addresses.CHECK_RESULT);
    units.values().forEach(this::makeProbes);
    return Future.succeededFuture();
  }

  private void makeProbes(Unit u) {
    for (Check c : u.checks) {
      c.probe = probeOrNull(c.checker, u.rs, c.id);
    }
  }

  private static void closeProbes(Unit u) {
    for (Check c : u.checks) {
      if (c.probe != null) {
        c.probe.close();
        c.probe = null;
      }
    }
  }

  /** A real server a reload added (or changed: removed first), on this shard's event loop; not owned yet. */
  Future<Void> addLater(CheckerReload.Entry e, SslSettings newTls) {
    Promise<Void> done = Promise.promise();
    run(() -> {
      tls = newTls;
      Unit u = new Unit(e);
      units.put(u.key, u);
      u.checks.forEach(c -> checksById.put(c.id, c));
      makeProbes(u);
      done.complete();
    });
    return done.future();
  }

  /**
   * A real server a reload removed: its checks stop and its probes close. {@code removed} true: it
   * left the configuration, and if it was alive it goes down as keepalived takes it down (state
   * published, {@code notify_down}); false: it is replaced by a changed definition.
   */
  Future<Void> remove(String key, boolean removed) {
    Promise<Void> done = Promise.promise();
    run(() -> {
      Unit u = units.remove(key);
      if (u != null) {
        u.checks.forEach(c -> checksById.remove(c.id, c));
        boolean wasAlive = u.owned && u.health != null && u.health.alive();
        release(u);
        closeProbes(u);
        if (removed && wasAlive) {
          LOG.info("service " + u.endpoint + " no longer exist");
          publishState(u, false, "real server removed from the configuration");
          notifyScript(u.rs, false);
        }
      }
      done.complete();
    });
    return done.future();
  }

  /** The current state of each real server this shard owns (the last published, or as taken). */
  Future<List<RealServerState>> realServers() {
    Promise<List<RealServerState>> p = Promise.promise();
    run(() -> {
      List<RealServerState> out = new ArrayList<>();
      for (Unit u : units.values()) {
        if (u.owned && u.state != null) {
          out.add(u.state);
        }
      }
      p.complete(out);
    });
    return p.future();
  }

  /**
   * Starts checking a real server, from the last results published for its checks (by check id),
   * drained or not as the cluster's drains say.
   */
  void take(String key, Map<String, CheckResult> last, boolean drained) {
    run(() -> {
      Unit u = units.get(key);
      if (u != null && !u.owned) {
        u.drained = drained;
      }
      take(u, last, System.nanoTime());
    });
  }

  /**
   * Drains or enables an owned real server: its state (weight 0 while drained) is published when
   * it changes; completes with its state, or null when this shard does not own it.
   */
  Future<RealServerState> drain(String key, boolean drained) {
    Promise<RealServerState> p = Promise.promise();
    run(() -> {
      Unit u = units.get(key);
      if (u == null) {
        p.complete(null);
        return;
      }
      boolean changed = u.drained != drained;
      u.drained = drained;
      if (!u.owned) {
        p.complete(null);
        return;
      }
      if (changed) {
        publishState(u, u.health.alive(), drained ? "drained by the operator" : "enabled by the operator");
      }
      p.complete(u.state);
    });
    return p.future();
  }

  /** What {@link #checkNow} did: the results of the checks it ran and the state afterwards (null: not owned). */
  record CheckedNow(RealServerState state, List<CheckResult> results) {}

  /**
   * Runs an owned real server's checks now (a check already running is not started again) and
   * reschedules each from its end, as if it had been due.
   */
  Future<CheckedNow> checkNow(String key) {
    Promise<CheckedNow> p = Promise.promise();
    run(() -> {
      Unit u = units.get(key);
      if (u == null || !u.owned) {
        p.complete(new CheckedNow(null, List.of()));
        return;
      }
      List<Future<CheckResult>> ran = new ArrayList<>();
      for (Check c : u.checks) {
        if (c.probe != null && c.waiting()) {
          dueChecks.cancel(c);
          Promise<CheckResult> result = Promise.promise();
          runCheck(u, c, System.nanoTime(), false, result);
          ran.add(result.future());
        }
      }
      Future.join(ran).onComplete(x -> p.complete(new CheckedNow(u.state,
          ran.stream().filter(Future::succeeded).map(Future::result).filter(Objects::nonNull).toList())));
    });
    return p.future();
  }

  void release(String key) {
    run(() -> release(units.get(key)));
  }

  /** What a shard owns and has done since the last reset; {@code lag} is a copy. */
  record Stats(long realServers, long checks, long checksRun, long failures, long inFlight, LagHistogram lag) {}

  /** This shard's counters and lag, reset afterwards when asked. */
  Future<Stats> stats(boolean reset) {
    Promise<Stats> p = Promise.promise();
    run(() -> {
      LagHistogram copy = new LagHistogram();
      copy.add(lag);
      p.complete(new Stats(ownedUnits, ownedChecks, checksRun, failures, inFlight, copy));
      if (reset) {
        lag.reset();
        checksRun = 0;
        failures = 0;
      }
    });
    return p.future();
  }

  private void run(Runnable r) {
    Context c = context;
    if (c == null) {
      throw new IllegalStateException("shard not deployed");
    }
    c.runOnContext(v -> r.run());
  }

  private void take(Unit u, Map<String, CheckResult> last, long now) {
    if (u == null || u.owned) {
      return;
    }
    u.owned = true;
    ownedUnits++;
    ownedChecks += u.checks.size();
    u.checks.forEach(c -> c.previous = null);
    Map<String, Boolean> initial = new LinkedHashMap<>();
    long nowWallMs = System.currentTimeMillis();
    for (Check c : u.checks) {
      CheckResult r = last.get(c.id);
      var s = c.checker.settings();
      if (r != null) {
        long dueInMs = Math.max(0, r.timestamp().toEpochMilli() + Math.round(s.delayLoop() * 1000) - nowWallMs);
        c.state = CheckerState.resumed(s, r.up(), now + dueInMs * 1_000_000);
        if (r.dynamicWeight() >= 0) {
          u.dynamicWeight = r.dynamicWeight();
        }
      } else {
        c.state = new CheckerState(s, now, ThreadLocalRandom.current().nextDouble());
      }
      initial.put(c.id, c.state.up());
    }
    u.health = new RealServerHealth(initial);
    measure(u);
    u.state = new RealServerState(node, states.boot(), 0, Instant.now(), u.label, u.endpoint, u.health.alive(),
        weight(u, u.health.alive()), last.isEmpty() ? "initial state" : "as last checked by the previous owner", u.drained);
    for (Check c : u.checks) {
      if (c.probe != null) {
        schedule(c);
      }
    }
  }

  private void release(Unit u) {
    if (u == null || !u.owned) {
      return;
    }
    u.owned = false;
    ownedUnits--;
    ownedChecks -= u.checks.size();
    unmeasure(u);
    for (Check c : u.checks) {
      // the instance keeps the newest result (not a stale UP of an earlier ownership if taken again)
      CheckResult newest = c.latest();
      if (newest != null) {
        retain.accept(newest, false);
      }
      c.previous = null;
      dueChecks.cancel(c);
    }
  }

  /** The real server's series (up, weight, its checks' durations and failures) while it is owned here. */
  private void measure(Unit u) {
    if (meters == null || u.meters != null) {
      return;
    }
    u.meters = meters.own(u.label, u.endpoint, u.checks.stream().map(c -> c.checker.type()).toList(),
        () -> u.state != null && u.state.alive() ? 1 : 0, () -> u.state == null ? 0 : u.state.weight());
    for (int i = 0; i < u.checks.size(); i++) {
      u.checks.get(i).meters = u.meters.check(i);
    }
  }

  private void unmeasure(Unit u) {
    if (u.meters != null) {
      u.meters.remove();
      u.meters = null;
      u.checks.forEach(c -> c.meters = null);
    }
  }

  private int weight(Unit u, boolean alive) {
    return alive && !u.drained ? (u.dynamicWeight >= 0 ? u.dynamicWeight : u.rs.weight()) : 0;
  }

  private Probe probeOrNull(Checker c, RealServer rs, String id) {
    try {
      Probe p = probes.create(vertx, c, rs, tls, scripts);
      if (p == null) {
        LOG.warning(id + ": " + c.type() + " is not implemented yet; it stays " + (c.settings().alpha() ? "DOWN" : "UP"));
      }
      return p;
    } catch (IllegalArgumentException e) {
      LOG.severe(id + ": " + e.getMessage() + " - this check cannot run");
      return null;
    }
  }

  /** The probe of a checker type, or null while that type has none. */
  static Probe standardProbe(io.vertx.core.Vertx vertx, Checker c, RealServer rs, SslSettings tls,
                             Supplier<ScriptRunner> scripts) {
    String ip = rs.address().toString();
    if (c instanceof Checker.TcpCheck) {
      return new TcpProbe(vertx, c.settings(), ip, rs.port());
    }
    if (c instanceof Checker.SmtpCheck smtp) {
      return new SmtpProbe(vertx, c.settings(), smtp.heloName(), ip, rs.port());
    }
    if (c instanceof Checker.HttpGet http) {
      return new HttpGetProbe(vertx, http, tls, ip, rs.port());
    }
    if (c instanceof Checker.MiscCheck misc) {
      return new MiscProbe(scripts.get(), misc);
    }
    if (c instanceof Checker.UdpCheck udp) {
      return new UdpProbe(vertx, udp, ip, rs.port());
    }
    if (c instanceof Checker.PingCheck) {
      return new PingProbe(vertx, c.settings(), ip);
    }
    if (c instanceof Checker.DnsCheck dns) {
      return new DnsProbe(vertx, c.settings(), dns.queryType(), dns.name(), ip, rs.port());
    }
    return null;
  }

  /** Runs the check when due (a timer to the nanosecond, not rounded to milliseconds), then schedules the next. */
  private void schedule(Check c) {
    dueChecks.add(c, c.state.nextDue()); // one wait per check, whatever ran meanwhile (a release and take during a check)
    armAlarm();
  }

  /**
   * The alarm set for the first check due, unless it is set for then or earlier already: one timer for the
   * shard, whose every ring runs the checks due within {@link #CHECK_SLACK_NANOS} ({@link DueChecks}).
   */
  private void armAlarm() {
    long next = dueChecks.nextDue();
    if (next == Long.MAX_VALUE || next >= alarmAt) {
      return;
    }
    if (alarm != null) {
      alarm.cancel();
    }
    alarmAt = next;
    io.vertx.core.Timer t = vertx.timer(Math.max(1, next - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
    alarm = t;
    t.onSuccess(x -> {
      if (alarm == t) {
        alarm = null;
        alarmAt = Long.MAX_VALUE;
      }
      try {
        for (Check c : dueChecks.takeDue(System.nanoTime(), CHECKS_PER_RING)) {
          try {
            dueNow(c.unit, c, c.due());
          } catch (RuntimeException e) { // one check's bug must not cost the others their turn
            LOG.warning("a check could not start: " + e);
          }
        }
      } finally {
        armAlarm();
      }
    });
  }

  /** A check's time has come: it runs, unless its real server was let go or its checks are suspended. */
  private void dueNow(Unit u, Check c, long due) {
    if (!u.owned) {
      return;
    }
    if (suspension.suspended(u.vs, System.nanoTime())) {
      if (!u.suspended) {
        u.suspended = true;
        LOG.info("Suspending healthchecker for service " + u.endpoint + " for VS " + u.label
            + " (ha_suspend: its address is on no director)");
      }
      c.state.skipped(System.nanoTime());
      schedule(c);
      return;
    }
    if (u.suspended) {
      u.suspended = false;
      LOG.info("Activating healthchecker for service " + u.endpoint + " for VS " + u.label);
    }
    runCheck(u, c, due, true, null);
  }

  /**
   * Runs one check that was due at {@code due}, then schedules the next; {@code ran} (if any) completes with its
   * result (null when the real server was let go meanwhile). {@code onTime}: a scheduled run, whose lateness counts
   * in the lag. A scheduled run makes no future of its own: it listens to the probe's.
   */
  private void runCheck(Unit u, Check c, long due, boolean onTime, Promise<CheckResult> ran) {
    long late = System.nanoTime() - due;
    if (onTime) {
      lag.record(late);
    }
    inFlight++;
    long started = System.nanoTime();
    probeOnce(c).onComplete(ar -> {
      inFlight--;
      // a probe's own failure (a bug, an exception) is a failed check: the check goes on
      ProbeOutcome outcome = ar.succeeded() && ar.result() != null ? ar.result()
          : new ProbeOutcome(false, "probe error: " + describe(ar.cause()), ProbeOutcome.millisSince(started));
      checksRun++;
      if (!outcome.success()) {
        failures++;
      }
      if (!u.owned) {
        if (ran != null) {
          ran.complete(null);
        }
        return;
      }
      try {
        long catchUp = catchUpNanos(c.state.intervalAfter(outcome.success()));
        completed(u, c, outcome, endedOnTime(System.nanoTime(), due, late, c.connectTimeoutNanos, catchUp));
      } catch (RuntimeException e) { // a bug in handling one result must not stop the check
        LOG.warning(c.id + ": a result could not be handled: " + e);
      }
      schedule(c);
      if (ran != null) {
        ran.complete(c.latest());
      }
    });
  }

  /** The latest result of check {@code id} while this shard has it (any thread); null when none yet. */
  CheckResult latest(String id) {
    Check c = checksById.get(id);
    return c == null ? null : c.latest();
  }

  /** One probe; an exception it throws becomes a failed future. */
  private static Future<ProbeOutcome> probeOnce(Check c) {
    try {
      Future<ProbeOutcome> f = c.probe.probe(!c.state.up());
      return f != null ? f : Future.failedFuture("the probe returned no result");
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private static String describe(Throwable e) {
    if (e == null) {
      return "no result";
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  /**
   * When the check that was due at {@code due}, started {@code late} and ended at {@code now} should have ended: the
   * next check counts from then, so a late start is not passed on to the next delay. A timer's wake-up a few ms late
   * would otherwise add up over three tries to a DOWN; and a pause of the whole checker (a collection of a large heap,
   * a stolen CPU) would bunch every check due during it into one instant and keep them bunched, a burst each
   * {@code delay_loop} (docs/benchmarks.md, 100,000 real servers), where they now go back to their own times.
   * Lateness beyond {@code catchUpNanos} ({@link #catchUpNanos} of the interval that follows: an overloaded checker)
   * is kept: no burst to catch up.
   * A timeout that fired up to {@link #TIMER_LATENESS_NANOS} after {@code connect_timeout} counts as on time; a check
   * that simply took long (a slow but working server) is not shortened.
   */
  static long endedOnTime(long now, long due, long late, long connectTimeoutNanos, long catchUpNanos) {
    long ended = now - Math.min(Math.max(0, late), catchUpNanos);
    long timedOut = due + connectTimeoutNanos;
    long overrun = ended - timedOut;
    return overrun > 0 && overrun <= TIMER_LATENESS_NANOS ? timedOut : ended;
  }

  /** How much of a late start a check absorbs when {@code intervalNanos} follows it: a quarter of it, at least 20 ms. */
  static long catchUpNanos(long intervalNanos) {
    return Math.max(TIMER_LATENESS_NANOS, intervalNanos / 4);
  }

  private void completed(Unit u, Check c, ProbeOutcome o, long endedAt) {
    CheckerState.Change change = c.state.completed(endedAt, o.success(), o.reason());
    boolean up = c.state.up();
    if (saysSomethingNew(c.previous, up, o.dynamicWeight(), o.reason())) {
      // only the results that cross the cluster are numbered: a gap there is a lost one
      CheckResult r = result(u, c, results.next(), Instant.now(), up, o);
      c.latestAtMillis = 0;
      c.previous = r;
      retain.accept(r, true);
      Bus.publish(vertx, Addresses.CHECK_RESULT, r);
    } else {
      // kept as fields, no result made unless this JVM listens: it would die young ({@link Check#previous})
      long at = System.currentTimeMillis();
      c.latestLatencyMillis = o.latencyMillis();
      c.latestAtMillis = at;
      if (everyResult.any()) {
        Bus.publish(vertx, Addresses.CHECK_RESULT, result(u, c, 0, Instant.ofEpochMilli(at), up, o), THIS_JVM);
      }
    }
    boolean weightChanged = o.dynamicWeight() >= 0 && o.dynamicWeight() != u.dynamicWeight;
    if (o.dynamicWeight() >= 0) {
      u.dynamicWeight = o.dynamicWeight();
    }
    if (c.meters != null) {
      c.meters.record(o.latencyMillis());
      if (!o.success()) {
        c.meters.failed(o.reason());
      }
    }
    if (!o.success() && c.checker.settings().logAllFailures()) {
      LOG.info(c.checker.type() + " on service " + u.rs.endpoint() + " failed: " + o.reason());
    }
    Boolean alive = null;
    if (change != null) {
      LOG.info(c.checker.type() + " on service " + u.rs.endpoint() + (change.up() ? " success" : " " + change.reason()));
      alive = u.health.checkerChanged(c.id, change.up());
    }
    if (alive != null) {
      LOG.info((alive ? "Adding" : "Removing") + " service " + u.rs.endpoint() + " " + (alive ? "to" : "from")
          + " VS " + u.vs.label());
      publishState(u, alive, c.id + ": " + change.reason());
      notifyScript(u.rs, alive);
    } else if (weightChanged && u.health.alive()) {
      publishState(u, true, c.id + ": misc_dynamic weight " + o.dynamicWeight());
    }
  }

  /** The result of check {@code c} with this outcome; {@code sequence} 0: one that does not cross the cluster. */
  private CheckResult result(Unit u, Check c, long sequence, Instant at, boolean up, ProbeOutcome o) {
    return new CheckResult(node, results.boot(), sequence, at, c.id, u.label, u.endpoint, c.checker.type(), up,
        o.reason(), o.latencyMillis(), o.dynamicWeight(), instanceId);
  }

  /**
   * Whether a result tells the cluster something its previous one did not: the check's state,
   * reason or dynamic weight changed, or it is the first since this instance took the check. Only
   * those cross the cluster; the rest differ in time and latency only.
   */
  static boolean saysSomethingNew(CheckResult previous, CheckResult r) {
    return saysSomethingNew(previous, r.up(), r.dynamicWeight(), r.reason());
  }

  /** {@link #saysSomethingNew(CheckResult, CheckResult)} of a result with these fields, without making it. */
  private static boolean saysSomethingNew(CheckResult previous, boolean up, int dynamicWeight, String reason) {
    return previous == null || previous.up() != up || previous.dynamicWeight() != dynamicWeight
        || !Objects.equals(previous.reason(), reason);
  }

  /** {@code notify_up} / {@code notify_down}: run with no arguments added, off the event loop. */
  private void notifyScript(RealServer rs, boolean alive) {
    var script = alive ? rs.notifyUp() : rs.notifyDown();
    if (script != null) {
      scripts.get().run(script, List.of(), NOTIFY_TIMEOUT_MS).onSuccess(r -> {
        if (!r.succeeded()) {
          LOG.warning((alive ? "notify_up" : "notify_down") + " of " + rs.endpoint() + " " + r.describe());
        }
      });
    }
  }

  /** The real server's state with its weight: 0 when dead or drained, the misc_dynamic one if set, else its own. */
  private void publishState(Unit u, boolean alive, String reason) {
    u.state = new RealServerState(node, states.boot(), states.next(), Instant.now(), u.label, u.endpoint, alive,
        weight(u, alive), reason, u.drained);
    Bus.publish(vertx, Addresses.REAL_SERVER_STATE, u.state);
  }

  @Override
  public Future<?> stop() {
    units.values().forEach(this::release);
    units.values().forEach(ProbeShard::closeProbes);
    return Future.succeededFuture();
  }
}
