package io.vertalived.bench.loadgen;

import io.vertalived.core.service.RunningService;
import io.vertalived.core.service.ServiceContext;
import io.vertalived.core.service.SuiteService;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Benchmark load in the same JVM as the services under test ({@code --services vrrp,loadgen},
 * with this jar on the class path): timer-driven tasks on the event loops, each allocating
 * garbage and keeping a small part of it alive for a while in a ring (in-flight state).
 * Settings (environment): {@code LOADGEN_TASKS_PER_SECOND} (10000), {@code LOADGEN_TASK_BYTES}
 * (16384), {@code LOADGEN_KEEP_BYTES} (1024), {@code LOADGEN_KEEP_SECONDS} (2).
 */
public final class LoadGenService implements SuiteService {
  @Override
  public String name() {
    return "loadgen";
  }

  @Override
  public Future<RunningService> start(Vertx vertx, ServiceContext context) {
    LoadSettings s = LoadSettings.fromEnvironment(System.getenv());
    RetainedRing ring = new RetainedRing(s.ringSlots());
    int instances = 2;
    return vertx.deployVerticle(() -> new TimerTaskVerticle(s, ring, instances),
        new DeploymentOptions().setInstances(instances)).map(id -> RunningService.deployments(vertx, java.util.List.of(id)));
  }
}
