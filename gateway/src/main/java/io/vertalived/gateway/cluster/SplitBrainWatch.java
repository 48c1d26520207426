package io.vertalived.gateway.cluster;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.Bus;
import io.vertalived.core.bus.BusStreams;
import io.vertalived.core.bus.InstanceStatus;
import io.vertalived.core.bus.Sequencer;
import io.vertalived.core.bus.VrrpAlert;
import io.vertalived.core.metrics.ProcessMetrics;
import io.vertalived.gateway.api.ClusterView;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.shareddata.Lock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The cluster view's split-brain watch: every second it asks every node for its instances and
 * raises a {@code vip_conflict} alert ({@link Addresses#VRRP_ALERT}, journaled, on the stream
 * and to webhooks) when MASTERs of two nodes hold one virtual address — nodes that do not hear
 * each other's adverts (a partition between them) but that the cluster still sees — and clears
 * it when it ends. One gateway of the cluster watches (a cluster lock), so each alert is raised
 * once; another takes over when it goes.
 */
public final class SplitBrainWatch extends VerticleBase {
  private static final Logger LOG = Logger.getLogger("io.vertalived.gateway");
  static final String LOCK = "vertalived.gateway.watch";
  private final String node;
  private final long periodMillis;
  private final Map<String, VipConflicts.Conflict> raised = new HashMap<>();
  private Sequencer alerts;
  private Lock lock;
  private long timer = -1;
  private boolean stopped;
  private Meter gauge;

  public SplitBrainWatch(String node, long periodMillis) {
    this.node = node;
    this.periodMillis = periodMillis;
  }

  @Override
  public Future<?> start() {
    alerts = BusStreams.of(vertx).sequencer(Addresses.VRRP_ALERT);
    gauge = Gauge.builder("vertalived.cluster.vip.conflicts", raised, Map::size)
        .description("Virtual addresses held by MASTERs of more than one node, as this gateway's watch sees them")
        .register(ProcessMetrics.registry(vertx));
    acquire();
    return Future.succeededFuture();
  }

  /** Waits for the watch lock (held until this gateway stops or its cluster member is lost). */
  private void acquire() {
    if (stopped) {
      return;
    }
    vertx.sharedData().getLockWithTimeout(LOCK, 10_000).onComplete(ar -> {
      if (stopped) {
        if (ar.succeeded()) {
          ar.result().release();
        }
        return;
      }
      if (ar.failed()) {
        acquire();
        return;
      }
      lock = ar.result();
      LOG.info("gateway on " + node + " watches the cluster for split brains");
      timer = vertx.setPeriodic(1, periodMillis, t -> check());
    });
  }

  private void check() {
    new ClusterView(vertx).instances(null, null).onSuccess(all -> {
      if (stopped) {
        return;
      }
      List<InstanceStatus> statuses = all.instances().stream().map(ClusterView.Instance::status).toList();
      Map<String, VipConflicts.Conflict> now = new HashMap<>();
      VipConflicts.find(statuses).forEach(c -> now.put(c.address(), c));
      now.forEach((address, c) -> {
        VipConflicts.Conflict before = raised.get(address);
        if (before == null || !before.holders().equals(c.holders())) {
          raised.put(address, c);
          LOG.warning("SPLIT BRAIN: " + c.describe());
          publish(c, true, c.describe());
        }
      });
      for (var it = raised.entrySet().iterator(); it.hasNext(); ) {
        var e = it.next();
        if (!now.containsKey(e.getKey())) {
          it.remove();
          String detail = e.getKey() + " is held by one node again";
          LOG.info("split brain over: " + detail);
          publish(e.getValue(), false, detail);
        }
      }
    });
  }

  private void publish(VipConflicts.Conflict c, boolean active, String detail) {
    String first = c.holders().get(0);
    Bus.publish(vertx, Addresses.VRRP_ALERT, new VrrpAlert(node, alerts.boot(), alerts.next(), Instant.now(),
        first.substring(first.indexOf('/') + 1), VrrpAlert.VIP_CONFLICT, active, String.join(",", c.nodes()), detail));
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    if (gauge != null) {
      ProcessMetrics.registry(vertx).remove(gauge);
    }
    if (lock != null) {
      lock.release();
    }
    return Future.succeededFuture();
  }
}
