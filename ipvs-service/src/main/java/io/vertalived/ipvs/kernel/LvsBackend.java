package io.vertalived.ipvs.kernel;

import io.vertalived.ipvs.reconcile.LvsOperation;
import java.io.IOException;

/**
 * Where the table lives: the kernel's IPVS, or (later) nftables. Blocking: called from the service's own thread,
 * never from an event loop.
 */
public interface LvsBackend extends AutoCloseable {
  /** {@code ipvs}, {@code nftables}. */
  String name();

  /** The whole table as the kernel holds it now, with its counters. */
  KernelTable read() throws IOException;

  /**
   * Applies one operation. Idempotent: adding what exists edits it, editing what is missing adds it, deleting what is
   * gone succeeds, so a table changed behind our back still converges.
   */
  void apply(LvsOperation op) throws IOException;

  /** Empties the whole table, ours and anyone's ({@code lvs_flush}, {@code lvs_flush_on_stop}). */
  void flush() throws IOException;

  @Override
  void close();
}
