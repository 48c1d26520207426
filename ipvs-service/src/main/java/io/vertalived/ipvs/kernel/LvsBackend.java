package io.vertalived.ipvs.kernel;

import io.vertalived.core.config.model.LvsSyncDaemon;
import io.vertalived.ipvs.reconcile.LvsOperation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

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
   * The table with the destinations of the services of {@code only}; the others are listed without theirs (a
   * foreign table of thousands is not read at every resync). By default the whole table.
   */
  default KernelTable read(java.util.Set<io.vertalived.ipvs.table.ServiceKey> only) throws IOException {
    return read();
  }

  /**
   * Applies one operation. Idempotent: adding what exists edits it, editing what is missing adds it, deleting what is
   * gone succeeds, so a table changed behind our back still converges.
   */
  void apply(LvsOperation op) throws IOException;

  /**
   * Applies {@code ops} in order and answers which were refused, with why ({@code op: reason}); by default one by
   * one. A backend that commits transactions applies them together.
   */
  default Applied applyAll(List<LvsOperation> ops) {
    List<LvsOperation> done = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (LvsOperation op : ops) {
      try {
        apply(op);
        done.add(op);
      } catch (IOException e) {
        failures.add(op + ": " + e.getMessage());
      }
    }
    return new Applied(done, failures);
  }

  /** What {@link #applyAll} did: the operations applied and the refusals. */
  record Applied(List<LvsOperation> done, List<String> failures) {}

  /**
   * keepalived's {@code lvs_timeouts}: the connection timeouts in seconds ({@code tcp}, {@code tcpfin}, {@code udp};
   * those absent stay as they are). Answers false when this backend has none of its own.
   */
  default boolean timeouts(java.util.Map<String, Integer> seconds) throws IOException {
    return false;
  }

  /** Whether this backend has the kernel's connection sync daemons ({@code lvs_sync_daemon}). */
  default boolean hasSyncDaemons() {
    return false;
  }

  /**
   * Starts the kernel's connection sync daemon of {@code state} ({@link LvsSyncDaemon#MASTER} or
   * {@link LvsSyncDaemon#BACKUP}) as {@code daemon} describes it. A backend without sync daemons fails.
   */
  default void startSyncDaemon(int state, LvsSyncDaemon daemon) throws IOException {
    throw new IOException("the " + name() + " backend has no connection sync daemon (IPVS has)");
  }

  /** Stops the kernel's sync daemon of {@code state}; one that does not run is stopped already. */
  default void stopSyncDaemon(int state, int syncId) throws IOException {}

  /** The sync daemons the kernel runs now. */
  default List<SyncDaemonStatus> syncDaemons() throws IOException {
    return List.of();
  }

  /** At stop, after our services left: removes what the backend itself made (nftables: its table). */
  default void release() throws IOException {}

  /** Empties the whole table, ours and anyone's ({@code lvs_flush}, {@code lvs_flush_on_stop}). */
  void flush() throws IOException;

  @Override
  void close();
}
