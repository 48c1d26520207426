package io.vertalived.gateway;

import io.vertalived.core.service.RunningService;
import io.vertalived.core.service.ServiceContext;
import io.vertalived.core.service.SuiteService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;

/** The {@code gateway} service: how people and tools see the cluster over HTTP (docs/api.md). */
public final class GatewayService implements SuiteService {
  @Override
  public String name() {
    return "gateway";
  }

  @Override
  public Future<RunningService> start(Vertx vertx, ServiceContext context) {
    GatewaySettings settings;
    try {
      settings = GatewaySettings.of(System.getenv());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e.getMessage());
    }
    return vertx.deployVerticle(new GatewayVerticle(settings)).map(id -> RunningService.deployments(vertx, List.of(id)));
  }
}
