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

  /** Gateway verticles: one per core (Vert.x spreads the connections of one port over them). */
  static final int INSTANCES = Math.max(1, Runtime.getRuntime().availableProcessors());

  @Override
  public String name() {
    return "gateway";
  }

  @Override
  public Future<RunningService> start(Vertx vertx, ServiceContext context) {
    AtomicReference<ServiceContext> current = new AtomicReference<>(context);
    AtomicReference<GatewayMeters> meters = new AtomicReference<>();
    // the settings read a token file, the router its document: off the event loop
    return vertx.executeBlocking(() -> new Loaded(GatewaySettings.of(System.getenv()), ApiRouter.document()))
        .compose(l -> {
          GatewayMeters m = new GatewayMeters(io.vertalived.core.metrics.ProcessMetrics.registry(vertx));
          meters.set(m);
          // one instance per event loop: the connections, and an event's fan-out to them, spread over
          // the cores (Vert.x shares one port among them); port 0 (any free one) has a single instance,
          // whose port is the one logged
          int instances = l.settings().port() == 0 ? 1 : INSTANCES;
          GatewayVerticle first = new GatewayVerticle(l.settings(), l.document(), current::get, m);
          return vertx.deployVerticle(first).compose(one -> instances == 1 ? Future.succeededFuture(List.of(one))
              : vertx.deployVerticle(() -> new GatewayVerticle(l.settings(), l.document(), current::get, m).quiet(),
                  new io.vertx.core.DeploymentOptions().setInstances(instances - 1)).map(more -> List.of(one, more)));
        })
        .compose(gateways -> vertx.deployVerticle(new SplitBrainWatch(context.node(), 1_000))
            .map(watch -> java.util.stream.Stream.concat(gateways.stream(), java.util.stream.Stream.of(watch)).toList()))
        .map(ids -> new RunningService() {
          @Override
          public Future<List<String>> reload(ServiceContext next) {
            current.set(next);
            return Future.succeededFuture(List.of());
          }

          @Override
          public Future<Void> stop() {
            return Future.join(ids.stream().map(vertx::undeploy).toList()).<Void>mapEmpty()
                .onComplete(x -> meters.get().close());
          }
        });
  }
}
