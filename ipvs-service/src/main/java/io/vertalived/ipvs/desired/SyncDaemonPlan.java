package io.vertalived.ipvs.desired;

import io.vertalived.core.config.model.LvsSyncDaemon;
import io.vertalived.ipvs.kernel.SyncDaemonStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * What the kernel's connection sync daemons should be, and the commands that get them there (pure), as keepalived
 * drives them (keepalived.conf(5) lvs_sync_daemon): following a VRRP instance, the master daemon runs while the
 * instance is MASTER and the backup daemon otherwise (FAULT included); without an instance both run all along.
 * Stops come before starts (keepalived stops the backup daemon before it starts the master one); a daemon running
 * with other settings than the configured ones (a reload changed them, or someone else started it) is restarted.
 */
public final class SyncDaemonPlan {
  private SyncDaemonPlan() {}

  /** Start or stop the daemon of {@code state}. */
  public record Command(boolean start, int state) {
    @Override
    public String toString() {
      return (start ? "start " : "stop ") + SyncDaemonStatus.stateName(state) + " sync daemon";
    }
  }

  /** The daemon states wanted: none without a daemon, else as above ({@code instanceState} MASTER, BACKUP...). */
  public static List<Integer> wanted(LvsSyncDaemon daemon, String instanceState) {
    if (daemon == null) {
      return List.of();
    }
    if (daemon.instance() == null) {
      return List.of(LvsSyncDaemon.MASTER, LvsSyncDaemon.BACKUP);
    }
    return List.of("MASTER".equals(instanceState) ? LvsSyncDaemon.MASTER : LvsSyncDaemon.BACKUP);
  }

  /** The commands that turn {@code running} into what {@code daemon} wants with the instance in {@code state}. */
  public static List<Command> plan(LvsSyncDaemon daemon, String instanceState, List<SyncDaemonStatus> running) {
    List<Integer> want = wanted(daemon, instanceState);
    List<Command> stops = new ArrayList<>();
    List<Command> starts = new ArrayList<>();
    List<Integer> kept = new ArrayList<>();
    for (SyncDaemonStatus r : running) {
      if (want.contains(r.state()) && matches(r, daemon)) {
        kept.add(r.state());
      } else {
        stops.add(new Command(false, r.state()));
      }
    }
    for (int s : want) {
      if (!kept.contains(s)) {
        starts.add(new Command(true, s));
      }
    }
    stops.addAll(starts);
    return stops;
  }

  /** Whether a running daemon has the configured settings (those left to the kernel's defaults match any). */
  static boolean matches(SyncDaemonStatus r, LvsSyncDaemon d) {
    return r.interfaceName() != null && r.interfaceName().equals(d.interfaceName())
        && r.syncId() == (d.syncId() == null ? 0 : d.syncId())
        && (d.maxLen() == 0 || r.maxLen() == d.maxLen())
        && (d.port() == 0 || r.port() == d.port())
        && (d.ttl() == 0 || r.ttl() == d.ttl())
        && (d.group() == null || d.group().equals(r.group()));
  }
}
