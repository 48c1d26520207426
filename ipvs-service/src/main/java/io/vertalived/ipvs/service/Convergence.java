package io.vertalived.ipvs.service;

import io.vertalived.ipvs.reconcile.LvsOperation;
import java.util.List;

/**
 * What one reconciliation did: the operations the kernel accepted, those it refused (with its reason), and whether
 * the kernel had drifted from what we had applied (someone changed it behind our back: {@code ipvsadm -C}, a
 * restart of the module).
 */
public record Convergence(List<LvsOperation> applied, List<String> failures, boolean drift) {
  public static final Convergence NOTHING = new Convergence(List.of(), List.of(), false);

  public Convergence {
    applied = List.copyOf(applied);
    failures = List.copyOf(failures);
  }

  public boolean changed() {
    return !applied.isEmpty() || !failures.isEmpty();
  }
}
