package io.vertalived.checker.health;

import io.vertalived.core.service.OnDemandService;
import io.vertalived.core.service.RunningService;
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
  public Future<RunningService> start(Vertx vertx, ServiceContext context) {
    return OnDemandService.start(vertx, name(), context, c -> !c.virtualServers().isEmpty(), HealthCheckVerticle::new);
  }
}
