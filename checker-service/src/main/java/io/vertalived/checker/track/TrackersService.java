package io.vertalived.checker.track;

import io.vertalived.core.config.model.KeepalivedConfig;
import io.vertalived.core.service.RunningService;
import io.vertalived.core.service.ServiceContext;
import io.vertalived.core.service.SuiteService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The node-local trackers ({@code vrrp_script}, {@code track_file}, {@code vrrp_track_process});
 * the launcher starts them wherever the VRRP service runs, because scripts look at the local
 * host (keepalived's {@code -P} runs them too).
 */
public final class TrackersService implements SuiteService {
  @Override
  public String name() {
    return "trackers";
  }

  @Override
  public Future<RunningService> start(Vertx vertx, ServiceContext context) {
    RunningTrackers running = new RunningTrackers(vertx, context);
    return running.apply(null, context.config()).map(changes -> running);
  }

  /** Whether {@code c} has a tracker of any kind that some instance or sync group tracks. */
  static boolean anyTracked(KeepalivedConfig c) {
    return !VrrpScriptTracker.trackedScripts(c).isEmpty() || !TrackFileWatcher.trackedFiles(c).isEmpty()
        || !TrackProcessPoller.trackedProcesses(c).isEmpty();
  }
}
