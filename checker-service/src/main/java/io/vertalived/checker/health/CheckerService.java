package io.vertalived.checker.health;

import io.vertalived.core.service.ServiceContext;
import io.vertalived.core.service.SuiteService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** The {@code checker} service: health checks of the configured real servers. */
public final class CheckerService implements SuiteService {
  @Override
  public String name() {
    return "checker";
  }

  @Override
  public Future<?> deploy(Vertx vertx, ServiceContext context) {
    if (context.config().virtualServers().isEmpty()) {
      return Future.succeededFuture();
    }
    return vertx.deployVerticle(new HealthCheckVerticle(context));
  }
}
