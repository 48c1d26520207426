package io.vertalived.vrrp.service;

import io.vertalived.core.service.OnDemandService;
import io.vertalived.core.service.RunningService;
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
  public Future<RunningService> start(Vertx vertx, ServiceContext context) {
    return OnDemandService.start(vertx, name(), context, c -> !c.vrrpInstances().isEmpty(), VrrpVerticle::new);
  }
}
