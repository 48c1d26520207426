package io.vertalived.checker.health;

import io.vertalived.checker.placement.Membership;
import io.vertalived.checker.placement.Rendezvous;
import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.CheckResult;
import io.vertalived.core.bus.RealServerState;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;

/**
 * One checker instance: runs the health checks of the real servers it owns, each on the schedule
 * of its {@link CheckerState}. Ownership is by real server (all its checkers together, so that
 * its aliveness is decided in one place), rendezvous-hashed over the live checker instances,
 * which announce themselves every {@link #HEARTBEAT_MILLIS} ms on {@link Addresses#CHECKER_MEMBERS}
 * (docs/checker-placement.md). A real server taken over goes on from the results its previous
 * owner published, so nothing flaps. Publishes every result on {@link Addresses#CHECK_RESULT},
 * aliveness and weight changes on {@link Addresses#REAL_SERVER_STATE}, and answers
 * {@link Addresses#CHECK_STATE} with the latest result of every check it has seen.
 */
public final class HealthCheckVerticle extends VerticleBase {
  static final long HEARTBEAT_MILLIS = 500;
  static final long DEAD_AFTER_MILLIS = 2_000;
  private static final long NOTIFY_TIMEOUT_MS = 30_000;
  private static final Logger LOG = Logger.getLogger("io.vertalived.checker");
  private final ServiceContext ctx;
  private final String instanceId;
  private final Sequencer sequence = new Sequencer();
  private final Map<String, CheckResult> latest = new LinkedHashMap<>();
  private final List<Runnable> closers = new ArrayList<>();
  private final List<Unit> units = new ArrayList<>();
  private final Membership membership;
  private long heartbeat;
  private long joinedAt;
  private ScriptRunner scripts;

  /** One real server and its checks: the unit of placement. */
  private static final class Unit {
    final VirtualServer vs;
    final RealServer rs;
    final String key;
    final List<Check> checks = new ArrayList<>();
    RealServerHealth health;
    boolean owned;
    int dynamicWeight = -1;

    Unit(VirtualServer vs, RealServer rs) {
      this.vs = vs;
      this.rs = rs;
      this.key = vs.label() + "/" + rs.endpoint();
    }
  }

  private static final class Check {
    final String id;
    final Checker checker;
    final Probe probe;
    CheckerState state;
    long timer = -1;

    Check(String id, Checker checker, Probe probe) {
      this.id = id;
      this.checker = checker;
      this.probe = probe;
    }
  }

  public HealthCheckVerticle(ServiceContext ctx) {
    this.ctx = ctx;
    this.instanceId = ctx.node() + "/" + UUID.randomUUID().toString().substring(0, 8);
    this.membership = new Membership(instanceId, DEAD_AFTER_MILLIS * 1_000_000);
  }

  /** Stable across restarts and nodes: {@code VS/RS/TYPE#n}. */
  static String checkId(VirtualServer vs, RealServer rs, Checker c, int n) {
    return vs.label() + "/" + rs.endpoint() + "/" + c.type() + "#" + n;
  }

  @Override
  public Future<?> start() {
    for (VirtualServer vs : ctx.config().virtualServers()) {
      for (RealServer rs : vs.realServers()) {
        Unit u = new Unit(vs, rs);
        for (int i = 0; i < rs.checkers().size(); i++) {
          Checker c = rs.checkers().get(i);
          String id = checkId(vs, rs, c, i);
          Probe probe = probeOrNull(c, rs, id);
          if (probe != null) {
            closers.add(probe::close);
          } else {
            LOG.warning(id + ": " + c.type() + " is not implemented yet; it stays " + (c.settings().alpha() ? "DOWN" : "UP"));
          }
          u.checks.add(new Check(id, c, probe));
        }
        units.add(u);
      }
    }
    vertx.eventBus().<CheckResult>consumer(Addresses.CHECK_RESULT, m -> latest.put(m.body().checkId(), m.body()));
    vertx.eventBus().<JsonObject>consumer(Addresses.CHECKER_MEMBERS, m -> {
      String member = m.body().getString("checker");
      if (member != null && !member.equals(instanceId)) {
        if (m.body().getBoolean("leaving", false)) {
          membership.left(member);
          rebalance();
        } else {
          membership.heard(member, System.nanoTime());
        }
      }
    });
    joinedAt = System.nanoTime();
    heartbeat = vertx.setPeriodic(HEARTBEAT_MILLIS, t -> {
      announce(false);
      rebalance();
    });
    announce(false);
    // the picture so far, from an instance already running (none: we are the first)
    return vertx.eventBus().<JsonObject>request(Addresses.CHECK_STATE, new JsonObject(), new DeliveryOptions().setSendTimeout(1_000))
        .onSuccess(reply -> reply.body().getJsonArray("checks", new JsonArray()).forEach(o -> {
          CheckResult r = RecordJson.decode(CheckResult.class, (JsonObject) o);
          latest.putIfAbsent(r.checkId(), r);
        }))
        .transform(ar -> {
          vertx.eventBus().consumer(Addresses.CHECK_STATE, msg -> {
            JsonArray list = new JsonArray();
            latest.values().forEach(r -> list.add(RecordJson.encode(r)));
            msg.reply(new JsonObject().put("checks", list));
          });
          return Future.succeededFuture();
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
    if (now - joinedAt < DEAD_AFTER_MILLIS * 1_000_000) {
      return;
    }
    Set<String> live = membership.live(now);
    for (Unit u : units) {
      boolean mine = instanceId.equals(Rendezvous.owner(u.key, live));
      if (mine && !u.owned) {
        take(u, now);
      } else if (!mine && u.owned) {
        release(u);
      }
    }
  }

  private void take(Unit u, long now) {
    u.owned = true;
    Map<String, Boolean> initial = new LinkedHashMap<>();
    long nowWallMs = System.currentTimeMillis();
    for (Check c : u.checks) {
      CheckResult last = latest.get(c.id);
      var s = c.checker.settings();
      if (last != null) {
        long dueInMs = Math.max(0, last.timestamp().toEpochMilli() + Math.round(s.delayLoop() * 1000) - nowWallMs);
        c.state = CheckerState.resumed(s, last.up(), now + dueInMs * 1_000_000);
        if (last.dynamicWeight() >= 0) {
          u.dynamicWeight = last.dynamicWeight();
        }
      } else {
        c.state = new CheckerState(s, now, ThreadLocalRandom.current().nextDouble());
      }
      initial.put(c.id, c.state.up());
    }
    u.health = new RealServerHealth(initial);
    for (Check c : u.checks) {
      if (c.probe != null) {
        schedule(u, c);
      }
    }
  }

  private void release(Unit u) {
    u.owned = false;
    for (Check c : u.checks) {
      if (c.timer >= 0) {
        vertx.cancelTimer(c.timer);
        c.timer = -1;
      }
    }
  }

  /** MISC_CHECK and notify scripts run on their own worker threads, as script_user by default. */
  private ScriptRunner scripts() {
    if (scripts == null) {
      var g = ctx.config().global();
      String user = g.scriptUser() != null ? g.scriptUser() : g.enableScriptSecurity() ? "keepalived_script" : null;
      scripts = new ScriptRunner(vertx, "misc-check", 4, user, g.scriptGroup());
      closers.add(scripts::close);
    }
    return scripts;
  }

  private Probe probeOrNull(Checker c, RealServer rs, String id) {
    try {
      return probeFor(c, rs);
    } catch (IllegalArgumentException e) {
      LOG.severe(id + ": " + e.getMessage() + " - this check cannot run");
      return null;
    }
  }

  /** The probe of a checker type, or null while that type has none. */
  private Probe probeFor(Checker c, RealServer rs) {
    String ip = rs.address().toString();
    if (c instanceof Checker.TcpCheck) {
      return new TcpProbe(vertx, c.settings(), ip, rs.port());
    }
    if (c instanceof Checker.SmtpCheck smtp) {
      return new SmtpProbe(vertx, c.settings(), smtp.heloName(), ip, rs.port());
    }
    if (c instanceof Checker.HttpGet http) {
      return new HttpGetProbe(vertx, http, ctx.config().ssl(), ip, rs.port());
    }
    if (c instanceof Checker.MiscCheck misc) {
      return new MiscProbe(scripts(), misc);
    }
    if (c instanceof Checker.UdpCheck udp) {
      return new UdpProbe(vertx, udp, ip, rs.port());
    }
    if (c instanceof Checker.DnsCheck dns) {
      return new DnsProbe(vertx, c.settings(), dns.queryType(), dns.name(), ip, rs.port());
    }
    return null;
  }

  private void schedule(Unit u, Check c) {
    long delayMs = Math.max(1, (c.state.nextDue() - System.nanoTime()) / 1_000_000);
    c.timer = vertx.setTimer(delayMs, t -> {
      c.timer = -1;
      if (!u.owned) {
        return;
      }
      c.probe.probe().onSuccess(outcome -> {
        if (u.owned) {
          completed(u, c, outcome);
          schedule(u, c);
        }
      });
    });
  }

  private void completed(Unit u, Check c, ProbeOutcome o) {
    CheckerState.Change change = c.state.completed(System.nanoTime(), o.success(), o.reason());
    CheckResult r = new CheckResult(ctx.node(), sequence.next(), Instant.now(), c.id, u.vs.label(), u.rs.endpoint(),
        c.checker.type(), c.state.up(), o.reason(), o.latencyMillis(), o.dynamicWeight(), instanceId);
    latest.put(c.id, r);
    vertx.eventBus().publish(Addresses.CHECK_RESULT, r);
    boolean weightChanged = o.dynamicWeight() >= 0 && o.dynamicWeight() != u.dynamicWeight;
    if (o.dynamicWeight() >= 0) {
      u.dynamicWeight = o.dynamicWeight();
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

  /** {@code notify_up} / {@code notify_down}: run with no arguments added, off the event loop. */
  private void notifyScript(RealServer rs, boolean alive) {
    var script = alive ? rs.notifyUp() : rs.notifyDown();
    if (script != null) {
      scripts().run(script, List.of(), NOTIFY_TIMEOUT_MS).onSuccess(r -> {
        if (!r.succeeded()) {
          LOG.warning((alive ? "notify_up" : "notify_down") + " of " + rs.endpoint() + " " + r.describe());
        }
      });
    }
  }

  /** The real server's state with its weight: 0 when dead, the misc_dynamic one if set, else its own. */
  private void publishState(Unit u, boolean alive, String reason) {
    int weight = alive ? (u.dynamicWeight >= 0 ? u.dynamicWeight : u.rs.weight()) : 0;
    vertx.eventBus().publish(Addresses.REAL_SERVER_STATE, new RealServerState(ctx.node(), sequence.next(),
        Instant.now(), u.vs.label(), u.rs.endpoint(), alive, weight, reason));
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(heartbeat);
    announce(true);
    units.forEach(this::release);
    closers.forEach(Runnable::run);
    return Future.succeededFuture();
  }
}
