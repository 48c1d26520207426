package io.vertalived.vrrp.service;

import io.vertalived.core.service.ServiceContext;
import io.vertalived.core.service.SuiteService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Registers the VRRP service with the launcher ({@code --services vrrp}, {@code -P}). */
public final class VrrpService implements SuiteService {
  @Override
  public String name() {
    return "vrrp";
  }

  @Override
  public Future<?> deploy(Vertx vertx, ServiceContext context) {
    if (context.config().vrrpInstances().isEmpty()) {
      return Future.succeededFuture();
    }
    return vertx.deployVerticle(new VrrpVerticle(context));
  }
}
