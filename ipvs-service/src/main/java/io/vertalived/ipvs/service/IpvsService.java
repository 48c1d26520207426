package io.vertalived.ipvs.service;

import io.vertalived.core.service.OnDemandService;
import io.vertalived.core.service.RunningService;
import io.vertalived.core.service.ServiceContext;
import io.vertalived.core.service.SuiteService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** The {@code ipvs} service: the kernel's load balancer kept equal to the virtual servers and their health. */
public final class IpvsService implements SuiteService {
  @Override
  public String name() {
    return "ipvs";
  }

  @Override
  public Future<RunningService> start(Vertx vertx, ServiceContext context) {
    return OnDemandService.start(vertx, name(), context, c -> !c.virtualServers().isEmpty(), IpvsVerticle::new);
  }
}
