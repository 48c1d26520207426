package io.vertalived.ipvs.service;

import io.vertalived.ipvs.kernel.LvsBackend;
import io.vertalived.ipvs.reconcile.LvsOperation;
import io.vertalived.ipvs.reconcile.TableDiff;
import io.vertalived.ipvs.table.LvsTable;
import io.vertalived.ipvs.table.ServiceKey;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Brings the kernel's table to a desired one through a {@link LvsBackend}, on a thread of its own (netlink requests
 * never run on an event loop), one convergence at a time. It remembers what it applied, so that a health change is
 * planned against that without reading the whole table; a periodic or requested read of the kernel finds and
 * repairs any drift. It owns the services it ever wanted: anything else in the kernel is left alone.
 */
final class LvsReconciler {
  private final WorkerExecutor worker;
  private final LvsBackend backend;
  /** Touched only on the worker thread. */
  private LvsTable known;
  private final Set<ServiceKey> owned = new TreeSet<>();
  private boolean mustRead = true;

  LvsReconciler(WorkerExecutor worker, LvsBackend backend) {
    this.worker = worker;
    this.backend = backend;
  }

  /**
   * Makes the kernel hold {@code desired}; reads the kernel first when {@code readKernel} or after a failure, else
   * plans only the services of {@code only} (null: all).
   */
  Future<Convergence> converge(LvsTable desired, boolean readKernel, Set<ServiceKey> only) {
    return worker.executeBlocking(() -> convergeBlocking(desired, readKernel, only), true);
  }

  /** {@code lvs_flush}: empties the whole kernel table. */
  Future<Void> flush() {
    return worker.executeBlocking(() -> {
      backend.flush();
      known = LvsTable.EMPTY;
      return null;
    }, true);
  }

  private Convergence convergeBlocking(LvsTable desired, boolean readKernel, Set<ServiceKey> only)
      throws IOException {
    owned.addAll(desired.services().keySet());
    boolean drift = false;
    LvsTable actual = known;
    Set<ServiceKey> scope = only;
    if (readKernel || mustRead || actual == null) {
      scope = null;
      LvsTable read = backend.read().table();
      drift = actual != null && !TableDiff.plan(actual, read, owned).isEmpty();
      actual = read;
      mustRead = false;
    }
    List<LvsOperation> plan = TableDiff.plan(desired, actual, owned, scope);
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
    known = TableDiff.apply(actual, applied);
    return new Convergence(applied, failures, drift);
  }

  /** keepalived's {@code lvs_timeouts}; false when the backend has no timeouts of its own. */
  Future<Boolean> timeouts(java.util.Map<String, Integer> seconds) {
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
