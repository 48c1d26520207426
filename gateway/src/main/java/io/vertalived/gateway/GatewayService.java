package io.vertalived.gateway;

import io.vertalived.core.service.RunningService;
import io.vertalived.core.service.ServiceContext;
import io.vertalived.core.service.SuiteService;
import io.vertalived.gateway.api.ApiRouter;
import io.vertalived.gateway.cluster.SplitBrainWatch;
import io.vertx.core.json.JsonObject;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** The {@code gateway} service: how people and tools see and steer the cluster over HTTP (docs/api.md). */
public final class GatewayService implements SuiteService {
  private record Loaded(GatewaySettings settings, JsonObject document) {}

  @Override
  public String name() {
    return "gateway";
  }

  @Override
  public Future<RunningService> start(Vertx vertx, ServiceContext context) {
    AtomicReference<ServiceContext> current = new AtomicReference<>(context);
    // the settings read a token file, the router its document: off the event loop
    return vertx.executeBlocking(() -> new Loaded(GatewaySettings.of(System.getenv()), ApiRouter.document()))
        .compose(l -> vertx.deployVerticle(new GatewayVerticle(l.settings(), l.document(), current::get)))
        .compose(id -> vertx.deployVerticle(new SplitBrainWatch(context.node(), 1_000)).map(watch -> List.of(id, watch)))
        .map(ids -> new RunningService() {
          @Override
          public Future<List<String>> reload(ServiceContext next) {
            current.set(next);
            return Future.succeededFuture(List.of());
          }

          @Override
          public Future<Void> stop() {
            return Future.join(ids.stream().map(vertx::undeploy).toList()).mapEmpty();
          }
        });
  }
}
