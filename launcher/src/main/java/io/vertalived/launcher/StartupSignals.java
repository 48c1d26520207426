package io.vertalived.launcher;

import io.vertalived.core.service.SignalDump;
import io.vertalived.core.service.Suite;
import java.util.logging.Logger;

/**
 * Where keepalived's signals go ({@link KeepalivedSignals}), taken from the process's first moments: a signal that
 * comes while the services start is kept until they have (the JVM's own answer to SIGHUP is to exit, so a
 * `systemctl reload` at an odd time would otherwise end the daemon). A SIGHUP then reloads once start-up is over;
 * a dump asked for meanwhile is written then too.
 */
final class StartupSignals implements KeepalivedSignals.Target {
  private static final Logger LOG = Logger.getLogger("io.vertalived.launcher");
  private Suite suite;
  private String pendingReload;
  private final java.util.EnumSet<SignalDump> pendingDumps = java.util.EnumSet.noneOf(SignalDump.class);

  @Override
  public void reload(String trigger) {
    Suite s;
    synchronized (this) {
      s = suite;
      if (s == null) {
        pendingReload = trigger;
        LOG.info(trigger + " during start-up: the reload follows once the services have started");
        return;
      }
    }
    s.reload(trigger);
  }

  @Override
  public void dump(SignalDump kind) {
    Suite s;
    synchronized (this) {
      s = suite;
      if (s == null) {
        pendingDumps.add(kind);
        return;
      }
    }
    s.dump(kind);
  }

  /** The services have started: what was asked meanwhile happens now. */
  void started(Suite s) {
    String reload;
    java.util.List<SignalDump> dumps;
    synchronized (this) {
      suite = s;
      reload = pendingReload;
      dumps = java.util.List.copyOf(pendingDumps);
      pendingReload = null;
      pendingDumps.clear();
    }
    dumps.forEach(s::dump);
    if (reload != null) {
      s.reload(reload + ", during start-up");
    }
  }
}
