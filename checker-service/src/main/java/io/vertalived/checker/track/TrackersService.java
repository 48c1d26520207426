package io.vertalived.checker.track;

import io.vertalived.core.service.ServiceContext;
import io.vertalived.core.service.SuiteService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The node-local trackers ({@code vrrp_script}); the launcher deploys them wherever the VRRP
 * service runs, because scripts look at the local host (keepalived's {@code -P} runs them too).
 */
public final class TrackersService implements SuiteService {
  @Override
  public String name() {
    return "trackers";
  }

  @Override
  public Future<?> deploy(Vertx vertx, ServiceContext context) {
    if (VrrpScriptTracker.trackedScripts(context.config()).isEmpty()) {
      return Future.succeededFuture();
    }
    return vertx.deployVerticle(new VrrpScriptTracker(context));
  }
}
