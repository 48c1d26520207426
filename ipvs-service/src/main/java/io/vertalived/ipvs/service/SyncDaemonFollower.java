package io.vertalived.ipvs.service;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.Bus;
import io.vertalived.core.bus.InstanceQuery;
import io.vertalived.core.bus.VrrpTransition;
import io.vertalived.core.config.model.KeepalivedConfig;
import io.vertalived.core.config.model.LvsSyncDaemon;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.logging.Logger;

/**
 * {@code lvs_sync_daemon} on this node (keepalived.conf(5) Global definitions): the kernel's connection sync daemons
 * follow the configured VRRP instance of this node, whose state it learns from the node's vrrp service (its status
 * at start, then its transitions on the bus); with no vrrp service answering it starts as keepalived does, BACKUP.
 * Only daemons it was configured to run are touched: without {@code lvs_sync_daemon} the kernel's are someone
 * else's. Runs on the ipvs service's event loop; the kernel is reached through the {@link LvsReconciler}.
 */
final class SyncDaemonFollower {
  private static final Logger LOG = Logger.getLogger("io.vertalived.ipvs");
  private static final long STATUS_TIMEOUT_MILLIS = 2_000;

  private final Vertx vertx;
  private final String node;
  private final LvsReconciler reconciler;
  /** Publishes what was done (operations, failures) with its trigger. */
  private final Reporter reporter;
  private LvsSyncDaemon daemon;
  private String instanceState = "BACKUP";
  private boolean managed;
  /** The kernel's refusals of the last attempt: said again only when they change. */
  private java.util.Set<String> saidFailures = java.util.Set.of();

  /** Where the follower says what it did. */
  interface Reporter {
    void report(String trigger, java.util.List<String> done, java.util.List<String> failures);
  }

  SyncDaemonFollower(Vertx vertx, String node, LvsReconciler reconciler, KeepalivedConfig config, Reporter reporter) {
    this.vertx = vertx;
    this.node = node;
    this.reconciler = reconciler;
    this.reporter = reporter;
    this.daemon = of(config);
  }

  /** The configured daemon, said at error level when its instance does not exist (then there is none). */
  private static LvsSyncDaemon of(KeepalivedConfig config) {
    String missing = LvsSyncDaemon.missingInstance(config);
    if (missing != null) {
      LOG.severe(missing);
    }
    return LvsSyncDaemon.of(config);
  }

  /** Learns the instance's state, starts the daemons, then follows the instance's transitions. */
  Future<Void> start() {
    Bus.consume(vertx, Addresses.VRRP_TRANSITION, this::transition);
    if (daemon == null) {
      return Future.succeededFuture();
    }
    return learnState().compose(x -> apply("start"));
  }

  /** The followed instance's state from the node's vrrp service; BACKUP when none answers (keepalived's start). */
  private Future<Void> learnState() {
    if (daemon == null || daemon.instance() == null) {
      return Future.succeededFuture();
    }
    String instance = daemon.instance();
    return Bus.request(vertx, Addresses.VRRP_STATUS, node, new InstanceQuery(instance), STATUS_TIMEOUT_MILLIS)
        .map(l -> l.instances().isEmpty() ? "BACKUP" : l.instances().get(0).state())
        .otherwise(e -> "BACKUP")
        .map(s -> {
          if (daemon != null && instance.equals(daemon.instance())) {
            instanceState = s;
          }
          return (Void) null;
        });
  }

  private void transition(VrrpTransition t) {
    if (daemon == null || daemon.instance() == null || t.group() || !node.equals(t.node())
        || !daemon.instance().equals(t.instance()) || t.to().equals(instanceState)) {
      return;
    }
    instanceState = t.to();
    apply("vrrp " + t.instance() + " " + t.to());
  }

  /** A new configuration: the daemons restart when their settings changed, stop when they went. */
  Future<Void> reload(KeepalivedConfig config) {
    LvsSyncDaemon next = of(config);
    // an instance newly followed: its state is asked for, as at start (it was not followed meanwhile)
    boolean newInstance = next != null && next.instance() != null
        && (daemon == null || !next.instance().equals(daemon.instance()));
    daemon = next;
    return (newInstance ? learnState() : Future.<Void>succeededFuture()).compose(x -> apply("reload"));
  }

  /** Puts back what someone changed by hand (a daemon stopped with ipvsadm). */
  Future<Void> resync() {
    return apply("resync");
  }

  /** At stop: the daemons it ran stop (keepalived stops its daemon when it ends). */
  Future<Void> stop() {
    daemon = null;
    return apply("stop");
  }

  private Future<Void> apply(String trigger) {
    if (daemon == null && !managed) {
      return Future.succeededFuture();
    }
    managed |= daemon != null;
    return reconciler.syncDaemons(daemon, instanceState).map(o -> {
      // a refusal that stays (an interface that does not exist) is tried at every resync, said once
      boolean newFailure = !saidFailures.equals(java.util.Set.copyOf(o.failures()));
      saidFailures = java.util.Set.copyOf(o.failures());
      if (newFailure) {
        o.failures().forEach(f -> LOG.warning("lvs_sync_daemon: " + f));
      }
      if (!o.done().isEmpty() || newFailure && !o.failures().isEmpty()) {
        if (!o.done().isEmpty()) {
          LOG.info("lvs_sync_daemon (" + trigger + "): " + String.join("; ", o.done()));
        }
        reporter.report("sync daemon " + trigger, o.done(), o.failures());
      }
      if (daemon == null) {
        managed = false;
      }
      return (Void) null;
    }).otherwise(e -> {
      LOG.warning("lvs_sync_daemon (" + trigger + "): " + e.getMessage());
      return null;
    });
  }
}
