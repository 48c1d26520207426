package io.vertalived.checker.track;

import io.vertalived.core.service.ServiceContext;
import io.vertalived.core.service.SuiteService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The node-local trackers ({@code vrrp_script}, {@code track_file}, {@code vrrp_track_process}); the launcher deploys them wherever the VRRP
 * service runs, because scripts look at the local host (keepalived's {@code -P} runs them too).
 */
public final class TrackersService implements SuiteService {
  @Override
  public String name() {
    return "trackers";
  }

  @Override
  public Future<?> deploy(Vertx vertx, ServiceContext context) {
    boolean scripts = !VrrpScriptTracker.trackedScripts(context.config()).isEmpty();
    boolean files = !TrackFileWatcher.trackedFiles(context.config()).isEmpty();
    boolean processes = !TrackProcessPoller.trackedProcesses(context.config()).isEmpty();
    if (!scripts && !files && !processes) {
      return Future.succeededFuture();
    }
    TrackBoard board = new TrackBoard(vertx, context.node());
    board.open();
    Future<?> deployed = scripts ? vertx.deployVerticle(new VrrpScriptTracker(context, board)) : Future.succeededFuture();
    if (files) {
      deployed = deployed.compose(v -> vertx.deployVerticle(new TrackFileWatcher(context.config(), board)));
    }
    if (processes) {
      deployed = deployed.compose(v -> vertx.deployVerticle(
          new TrackProcessPoller(context.config(), board, java.nio.file.Path.of("/proc"))));
    }
    return deployed;
  }
}
