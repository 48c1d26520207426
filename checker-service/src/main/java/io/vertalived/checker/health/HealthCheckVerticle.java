package io.vertalived.checker.health;

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
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;

/**
 * Runs the real servers' health checks of this node (all of them: placement across a cluster is
 * still to come) on its event loop, each on the schedule of its {@link CheckerState}: publishes
 * every result on {@link Addresses#CHECK_RESULT}, every change of a real server's aliveness on
 * {@link Addresses#REAL_SERVER_STATE}, and answers {@link Addresses#CHECK_STATE} with the latest
 * result of every check. Checker types without a probe yet stay in their initial state.
 */
public final class HealthCheckVerticle extends VerticleBase {
  private static final Logger LOG = Logger.getLogger("io.vertalived.checker");
  private final ServiceContext ctx;
  private static final long NOTIFY_TIMEOUT_MS = 30_000;
  private final Sequencer sequence = new Sequencer();
  private final Map<String, CheckResult> latest = new LinkedHashMap<>();
  private final List<Runnable> closers = new ArrayList<>();
  private final List<Long> timers = new ArrayList<>();
  private final Map<String, RealServerHealth> health = new LinkedHashMap<>();
  /** The weight a misc_dynamic check last set, per real server. */
  private final Map<String, Integer> dynamicWeights = new LinkedHashMap<>();
  private ScriptRunner scripts;

  public HealthCheckVerticle(ServiceContext ctx) {
    this.ctx = ctx;
  }

  /** Stable across restarts and nodes: {@code VS/RS/TYPE#n}. */
  static String checkId(VirtualServer vs, RealServer rs, Checker c, int n) {
    return vs.label() + "/" + rs.endpoint() + "/" + c.type() + "#" + n;
  }

  @Override
  public Future<?> start() {
    for (VirtualServer vs : ctx.config().virtualServers()) {
      for (RealServer rs : vs.realServers()) {
        Map<String, Boolean> initial = new LinkedHashMap<>();
        List<Runnable> starts = new ArrayList<>();
        for (int i = 0; i < rs.checkers().size(); i++) {
          Checker c = rs.checkers().get(i);
          String id = checkId(vs, rs, c, i);
          initial.put(id, !c.settings().alpha());
          Probe probe = probeOrNull(c, rs, id);
          if (probe != null) {
            closers.add(probe::close);
            CheckerState state = new CheckerState(c.settings(), System.nanoTime(), ThreadLocalRandom.current().nextDouble());
            starts.add(() -> schedule(vs, rs, c, id, state, probe));
          } else {
            LOG.warning(id + ": " + c.type() + " is not implemented yet; it stays " + (c.settings().alpha() ? "DOWN" : "UP"));
          }
        }
        health.put(vs.label() + "/" + rs.endpoint(), new RealServerHealth(initial));
        starts.forEach(Runnable::run);
      }
    }
    vertx.eventBus().consumer(Addresses.CHECK_STATE, msg -> {
      JsonArray list = new JsonArray();
      latest.values().forEach(r -> list.add(RecordJson.encode(r)));
      msg.reply(new JsonObject().put("checks", list));
    });
    return Future.succeededFuture();
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
    if (c instanceof Checker.HttpGet http && !http.ssl()) {
      return new HttpGetProbe(vertx, http, ip, rs.port());
    }
    if (c instanceof Checker.MiscCheck misc) {
      return new MiscProbe(scripts(), misc);
    }
    if (c instanceof Checker.DnsCheck dns) {
      return new DnsProbe(vertx, c.settings(), dns.queryType(), dns.name(), ip, rs.port());
    }
    return null;
  }

  private void schedule(VirtualServer vs, RealServer rs, Checker c, String id, CheckerState state, Probe probe) {
    long delayMs = Math.max(1, (state.nextDue() - System.nanoTime()) / 1_000_000);
    long[] timer = new long[1];
    timer[0] = vertx.setTimer(delayMs, t -> {
      timers.remove((Long) timer[0]);
      probe.probe().onSuccess(outcome -> {
        completed(vs, rs, c, id, state, outcome);
        schedule(vs, rs, c, id, state, probe);
      });
    });
    timers.add(timer[0]);
  }

  private void completed(VirtualServer vs, RealServer rs, Checker c, String id, CheckerState state, ProbeOutcome o) {
    CheckerState.Change change = state.completed(System.nanoTime(), o.success(), o.reason());
    CheckResult r = new CheckResult(ctx.node(), sequence.next(), Instant.now(), id, vs.label(), rs.endpoint(),
        c.type(), state.up(), o.reason(), o.latencyMillis(), o.dynamicWeight());
    String rsKey = vs.label() + "/" + rs.endpoint();
    Integer weightBefore = o.dynamicWeight() >= 0 ? dynamicWeights.put(rsKey, o.dynamicWeight()) : null;
    boolean weightChanged = o.dynamicWeight() >= 0 && (weightBefore == null || weightBefore != o.dynamicWeight());
    latest.put(id, r);
    vertx.eventBus().publish(Addresses.CHECK_RESULT, r);
    if (!o.success() && c.settings().logAllFailures()) {
      LOG.info(c.type() + " on service " + rs.endpoint() + " failed: " + o.reason());
    }
    if (change == null) {
      if (weightChanged && health.get(rsKey).alive()) {
        publishState(vs, rs, true, id + ": misc_dynamic weight " + o.dynamicWeight());
      }
      return;
    }
    LOG.info(c.type() + " on service " + rs.endpoint() + (change.up() ? " success" : " " + change.reason()));
    Boolean alive = health.get(vs.label() + "/" + rs.endpoint()).checkerChanged(id, change.up());
    if (alive != null) {
      LOG.info((alive ? "Adding" : "Removing") + " service " + rs.endpoint() + " " + (alive ? "to" : "from")
          + " VS " + vs.label());
      publishState(vs, rs, alive, id + ": " + change.reason());
      notifyScript(rs, alive);
    } else if (weightChanged && health.get(rsKey).alive()) {
      publishState(vs, rs, true, id + ": misc_dynamic weight " + o.dynamicWeight());
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
  private void publishState(VirtualServer vs, RealServer rs, boolean alive, String reason) {
    int weight = alive ? dynamicWeights.getOrDefault(vs.label() + "/" + rs.endpoint(), rs.weight()) : 0;
    vertx.eventBus().publish(Addresses.REAL_SERVER_STATE, new RealServerState(ctx.node(), sequence.next(),
        Instant.now(), vs.label(), rs.endpoint(), alive, weight, reason));
  }

  @Override
  public Future<?> stop() {
    timers.forEach(vertx::cancelTimer);
    closers.forEach(Runnable::run);
    return Future.succeededFuture();
  }
}
