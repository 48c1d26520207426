package io.vertalived.ipvs.service;

import io.vertalived.core.config.model.LvsSyncDaemon;
import io.vertalived.ipvs.kernel.KernelTable;
import io.vertalived.ipvs.kernel.LvsBackend;
import io.vertalived.ipvs.kernel.SyncDaemonStatus;
import io.vertalived.ipvs.reconcile.LvsOperation;
import io.vertalived.ipvs.reconcile.TableDiff;
import io.vertalived.ipvs.table.LvsTable;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A kernel table in memory, for the service's wiring tests (the real kernel's behaviour is tested against IPVS in a
 * VM): applies operations as the kernel would, and can be changed behind the service's back.
 */
final class MemoryKernel implements LvsBackend {
  private volatile LvsTable table;
  volatile int operations;

  MemoryKernel(LvsTable initial) {
    this.table = initial;
  }

  LvsTable table() {
    return table;
  }

  /** Someone else changed the kernel ({@code ipvsadm -C}, say). */
  void replace(LvsTable t) {
    table = t;
  }

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public KernelTable read() {
    return new KernelTable(table, Map.of(), Map.of());
  }

  @Override
  public synchronized void apply(LvsOperation op) {
    table = TableDiff.apply(table, List.of(op));
    operations++;
  }

  /** The sync daemons running, by state, and the commands given (start 1, stop 2...). */
  final Map<Integer, SyncDaemonStatus> daemons = new java.util.concurrent.ConcurrentHashMap<>();
  final List<String> daemonCommands = new java.util.concurrent.CopyOnWriteArrayList<>();

  @Override
  public boolean hasSyncDaemons() {
    return true;
  }

  @Override
  public void startSyncDaemon(int state, LvsSyncDaemon d) throws IOException {
    daemonCommands.add("start " + state);
    if (daemons.containsKey(state)) {
      throw new IOException("EEXIST");
    }
    daemons.put(state, new SyncDaemonStatus(state, d.interfaceName(), d.syncId(), d.maxLen(), d.port(), d.ttl(),
        d.group()));
  }

  @Override
  public void stopSyncDaemon(int state, int syncId) {
    daemonCommands.add("stop " + state);
    daemons.remove(state);
  }

  @Override
  public List<SyncDaemonStatus> syncDaemons() {
    return List.copyOf(new java.util.TreeMap<>(daemons).values());
  }

  @Override
  public void flush() {
    table = LvsTable.EMPTY;
  }

  @Override
  public void close() {}
}
