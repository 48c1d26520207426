package io.vertalived.core.service;

import io.vertx.core.Future;
import java.util.List;

/** A started service: reloaded with each accepted configuration, stopped once. */
public interface RunningService {
  /**
   * Applies {@code next} (already validated) as a difference from the running configuration:
   * what did not change keeps running untouched. Answers what changed, in words, one line each
   * ("VI_2 added", "VI_1 priority 100 -> 150"); empty when nothing did.
   */
  Future<List<String>> reload(ServiceContext next);

  /** Stops the service (the VRRP service releases its addresses, priority 0 first). */
  Future<Void> stop();

  /**
   * What must happen the moment a stop is asked for (SIGTERM), before {@link #stop} and any other
   * service's shutdown: the VRRP service sends its priority-0 adverts. Called from the signal's
   * thread; must not block. The future completes when it is done.
   */
  default Future<Void> resign() {
    return Future.succeededFuture();
  }

  /**
   * A service whose deployments do not depend on the configuration (a tool, a load generator):
   * reloads change nothing; stopping undeploys them.
   */
  static RunningService deployments(io.vertx.core.Vertx vertx, List<String> deploymentIds) {
    return new RunningService() {
      @Override
      public Future<List<String>> reload(ServiceContext next) {
        return Future.succeededFuture(List.of());
      }

      @Override
      public Future<Void> stop() {
        return Future.join(deploymentIds.stream().map(vertx::undeploy).toList()).mapEmpty();
      }
    };
  }

  /** Writes keepalived's signal dump of this service, if it has one (keepalived(8) SIGNALS). */
  default Future<Void> dump(SignalDump kind) {
    return Future.succeededFuture();
  }
}
