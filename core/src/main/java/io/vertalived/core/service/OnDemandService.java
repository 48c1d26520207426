package io.vertalived.core.service;

import io.vertalived.core.config.model.KeepalivedConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A service that runs one {@link ReloadableVerticle} while its part of the configuration is not
 * empty: deployed when a configuration needs it (at start or by a reload), reloaded while it
 * stays needed, undeployed when a reload leaves it nothing to do.
 */
public final class OnDemandService implements RunningService {
  private final Vertx vertx;
  private final String name;
  private final Predicate<KeepalivedConfig> needed;
  private final Function<ServiceContext, ReloadableVerticle> factory;
  /** Read by {@link #resign} from a signal's thread. */
  private volatile ReloadableVerticle running;
  private String deployment;

  private OnDemandService(Vertx vertx, String name, Predicate<KeepalivedConfig> needed,
                          Function<ServiceContext, ReloadableVerticle> factory) {
    this.vertx = vertx;
    this.name = name;
    this.needed = needed;
    this.factory = factory;
  }

  /** Starts the service for {@code context}: deploys its verticle if the configuration needs it. */
  public static Future<RunningService> start(Vertx vertx, String name, ServiceContext context,
                                             Predicate<KeepalivedConfig> needed,
                                             Function<ServiceContext, ReloadableVerticle> factory) {
    OnDemandService s = new OnDemandService(vertx, name, needed, factory);
    return s.deployIfNeeded(context).map(x -> s);
  }

  private Future<List<String>> deployIfNeeded(ServiceContext context) {
    if (!needed.test(context.config())) {
      return Future.succeededFuture(List.of());
    }
    ReloadableVerticle v = factory.apply(context);
    return vertx.deployVerticle(v).map(id -> {
      running = v;
      deployment = id;
      return List.of(name + " service started");
    });
  }

  @Override
  public Future<List<String>> reload(ServiceContext next) {
    if (running == null) {
      return deployIfNeeded(next);
    }
    if (needed.test(next.config())) {
      return running.reloadOnContext(next);
    }
    return stop().map(v -> List.of(name + " service stopped: nothing configured for it"));
  }

  @Override
  public Future<Void> stop() {
    if (running == null) {
      return Future.succeededFuture();
    }
    String id = deployment;
    running = null;
    deployment = null;
    return vertx.undeploy(id);
  }

  @Override
  public Future<Void> resign() {
    ReloadableVerticle v = running;
    return v == null ? Future.succeededFuture() : v.resign();
  }

  @Override
  public Future<Void> dump(SignalDump kind) {
    return running == null ? Future.succeededFuture() : running.dumpOnContext(kind);
  }
}
