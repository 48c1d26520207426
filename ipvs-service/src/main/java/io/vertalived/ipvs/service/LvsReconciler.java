package io.vertalived.ipvs.service;

import io.vertalived.core.config.model.LvsSyncDaemon;
import io.vertalived.ipvs.desired.SyncDaemonPlan;
import io.vertalived.ipvs.kernel.LvsBackend;
import io.vertalived.ipvs.kernel.SyncDaemonStatus;
import io.vertalived.ipvs.reconcile.LvsOperation;
import io.vertalived.ipvs.reconcile.TableDiff;
import io.vertalived.ipvs.table.LvsVirtualService;
import io.vertalived.ipvs.table.ServiceKey;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Brings the kernel's table to a desired one through a {@link LvsBackend}, on a thread of its own (netlink requests
 * never run on an event loop), one convergence at a time. It keeps the table wanted and the one it applied, both
 * updated in place, so that a health change is planned and recorded for its own services only, whatever the size of
 * the table; a periodic or requested read of the kernel finds and repairs any drift. It owns the services it ever
 * wanted: anything else in the kernel is left alone.
 */
final class LvsReconciler {
  private final WorkerExecutor worker;
  private final LvsBackend backend;
  /** Touched only on the worker thread: the table wanted, and what the kernel holds as far as we know (null: unknown). */
  private final Map<ServiceKey, LvsVirtualService> wanted = new HashMap<>();
  private Map<ServiceKey, LvsVirtualService> known;
  private final Set<ServiceKey> owned = new HashSet<>();
  private boolean mustRead = true;

  LvsReconciler(WorkerExecutor worker, LvsBackend backend) {
    this.worker = worker;
    this.backend = backend;
  }

  /**
   * Makes the kernel hold the table wanted. With {@code only} null, {@code desired} is the whole table wanted; else
   * it holds what the services of {@code only} are now (a service of {@code only} it lacks is no longer wanted), and
   * only they are planned. Reads the kernel first when {@code readKernel}, or after a failure (then all is planned).
   */
  Future<Convergence> converge(Map<ServiceKey, LvsVirtualService> desired, boolean readKernel, Set<ServiceKey> only) {
    return worker.executeBlocking(() -> convergeBlocking(desired, readKernel, only), true);
  }

  /** {@code lvs_flush}: empties the whole kernel table. */
  Future<Void> flush() {
    return worker.executeBlocking(() -> {
      backend.flush();
      known = new HashMap<>();
      return null;
    }, true);
  }

  private Convergence convergeBlocking(Map<ServiceKey, LvsVirtualService> desired, boolean readKernel,
                                       Set<ServiceKey> only) throws IOException {
    try {
      return convergeOnce(desired, readKernel, only);
    } catch (IOException | RuntimeException e) {
      mustRead = true; // what we know of the kernel may be half updated: read it at the next convergence
      throw e;
    }
  }

  private Convergence convergeOnce(Map<ServiceKey, LvsVirtualService> desired, boolean readKernel,
                                   Set<ServiceKey> only) throws IOException {
    if (only == null) {
      wanted.clear();
      wanted.putAll(desired);
    } else {
      TableDiff.copyKeys(desired, only, wanted);
    }
    Set<ServiceKey> ownedBefore = new HashSet<>(owned);
    owned.addAll(desired.keySet());
    boolean drift = false;
    Set<ServiceKey> scope = only;
    if (readKernel || mustRead || known == null) {
      scope = null;
      // the destinations of our services only: a foreign table of thousands is not read every 10 s
      Map<ServiceKey, LvsVirtualService> read = new HashMap<>(backend.read(new HashSet<>(owned)).table().services());
      // drift: a change to what we owned before (a service a reload adopts is read whole for the first time)
      drift = known != null && !TableDiff.plan(TableDiff.subset(known, ownedBefore),
          TableDiff.subset(read, ownedBefore), ownedBefore, null)
          .isEmpty();
      known = read;
      mustRead = false;
    }
    List<LvsOperation> plan = TableDiff.plan(wanted, known, owned, scope);
    LvsBackend.Applied result = backend.applyAll(plan);
    List<LvsOperation> applied = result.done();
    List<String> failures = result.failures();
    for (LvsOperation op : applied) {
      if (op instanceof LvsOperation.DeleteService) {
        owned.remove(op.key());
      }
    }
    if (!failures.isEmpty()) {
      mustRead = true;
    }
    TableDiff.applyTo(known, applied);
    return new Convergence(applied, failures, drift);
  }

  /**
   * Brings the kernel's connection sync daemons to what {@code daemon} (null: none) wants with its VRRP instance in
   * {@code instanceState}, from what the kernel runs now (so a daemon stopped by hand comes back at the next call).
   */
  Future<SyncDaemonOutcome> syncDaemons(LvsSyncDaemon daemon, String instanceState) {
    return worker.executeBlocking(() -> {
      List<SyncDaemonStatus> running = backend.syncDaemons();
      List<String> done = new ArrayList<>();
      List<String> failures = new ArrayList<>();
      for (SyncDaemonPlan.Command c : SyncDaemonPlan.plan(daemon, instanceState, running)) {
        try {
          if (c.start()) {
            backend.startSyncDaemon(c.state(), daemon);
            done.add(c + " (mcast=" + daemon.interfaceName() + ", syncid=" + daemon.syncId() + ")");
          } else {
            int syncId = running.stream().filter(r -> r.state() == c.state()).findFirst().map(SyncDaemonStatus::syncId)
                .orElse(0);
            backend.stopSyncDaemon(c.state(), syncId);
            done.add(c.toString());
          }
        } catch (IOException e) {
          failures.add(e.getMessage());
        }
      }
      return new SyncDaemonOutcome(done, failures);
    }, true);
  }

  boolean hasSyncDaemons() {
    return backend.hasSyncDaemons();
  }

  /** What {@link #syncDaemons} did and what the kernel refused. */
  record SyncDaemonOutcome(List<String> done, List<String> failures) {}

  /** keepalived's {@code lvs_timeouts}; false when the backend has no timeouts of its own. */
  Future<Boolean> timeouts(Map<String, Integer> seconds) {
    return worker.executeBlocking(() -> backend.timeouts(seconds), true);
  }

  /** The backend's own leftovers go (at stop, after the services). */
  Future<Void> release() {
    return worker.executeBlocking(() -> {
      backend.release();
      return null;
    }, true);
  }

  void close() {
    worker.close();
    backend.close();
  }
}
