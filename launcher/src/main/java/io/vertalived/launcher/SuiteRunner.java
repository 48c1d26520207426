package io.vertalived.launcher;

import io.vertalived.core.cluster.ClusterBootstrap;
import io.vertalived.core.config.ConfigLoader;
import io.vertalived.core.config.parse.ConfigErrorCategory;
import io.vertalived.core.config.parse.Diagnostic;
import io.vertalived.core.service.ConfigVerticle;
import io.vertalived.core.service.ServiceContext;
import io.vertalived.core.service.SuiteService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Starts one Vert.x (clustered with {@code --cluster}) and deploys the selected services that
 * this build contains; on SIGTERM/SIGINT closes it, which undeploys every service.
 */
final class SuiteRunner {
  private static final Logger LOG = Logger.getLogger("io.vertalived.launcher");

  private SuiteRunner() {}

  static int start(CliOptions o, ConfigLoader.Result result) {
    List<String> problems = new ArrayList<>();
    for (Diagnostic d : result.diagnostics()) {
      problems.add(d.render());
      LOG.warning("config: " + d.render());
    }
    if (result.config() == null || result.diagnostics().stream().anyMatch(
        d -> d.category() == ConfigErrorCategory.FILE_NOT_FOUND && d.location() == null
            || d.category() == ConfigErrorCategory.FATAL)) {
      LOG.severe("cannot run: configuration " + o.configFile + " could not be loaded");
      return 4;
    }
    Map<String, SuiteService> available = new LinkedHashMap<>();
    for (SuiteService s : ServiceLoader.load(SuiteService.class)) {
      available.put(s.name(), s);
    }
    List<SuiteService> selected = new ArrayList<>();
    java.util.Set<String> wanted = new java.util.LinkedHashSet<>(o.services);
    if (wanted.contains("vrrp")) {
      // vrrp_script and other node-local trackers run wherever VRRP runs (keepalived -P does too)
      wanted.add("trackers");
    }
    for (String name : wanted) {
      SuiteService s = available.get(name);
      if (s == null) {
        LOG.info("service '" + name + "' is not part of this build - skipping");
      } else {
        selected.add(s);
      }
    }
    String node = result.config().global().routerId();
    Future<Vertx> vertxFuture = o.cluster ? ClusterBootstrap.startClustered(o.clusterSettings)
        : ClusterBootstrap.startLocal();
    CountDownLatch started = new CountDownLatch(1);
    String[] failure = new String[1];
    Vertx[] holder = new Vertx[1];
    vertxFuture.compose(vertx -> {
      holder[0] = vertx;
      ServiceContext ctx = new ServiceContext(node, Path.of(o.configFile), result.config());
      List<String> files = result.files().stream().map(Path::toString).toList();
      Future<?> chain = vertx.deployVerticle(new ConfigVerticle(ctx, files, problems));
      for (SuiteService s : selected) {
        chain = chain.compose(v -> s.deploy(vertx, ctx)
            .onSuccess(x -> LOG.info("service " + s.name() + " started")));
      }
      return chain;
    }).onComplete(ar -> {
      if (ar.failed()) {
        failure[0] = String.valueOf(ar.cause().getMessage());
      }
      started.countDown();
    });
    try {
      if (!started.await(120, TimeUnit.SECONDS)) {
        failure[0] = "start-up did not finish within 120 s";
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure[0] = "interrupted";
    }
    if (failure[0] != null) {
      LOG.severe("cannot start: " + failure[0]);
      if (holder[0] != null) {
        CountDownLatch closed = new CountDownLatch(1);
        holder[0].close().onComplete(ar -> closed.countDown());
        try {
          closed.await(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return 1;
    }
    Vertx vertx = holder[0];
    LOG.info("vertalived node " + node + " running" + (o.cluster ? " in cluster "
        + o.clusterSettings.name() : "") + " with services " + selected.stream()
        .map(SuiteService::name).toList());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("stopping");
      CountDownLatch closed = new CountDownLatch(1);
      vertx.close().onComplete(ar -> closed.countDown());
      try {
        if (!closed.await(15, TimeUnit.SECONDS)) {
          LOG.warning("services did not stop within 15 s");
        } else {
          LOG.info("stopped");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ShutdownSafeLogManager.finish();
    }, "vertalived-shutdown"));
    return -1;
  }
}
