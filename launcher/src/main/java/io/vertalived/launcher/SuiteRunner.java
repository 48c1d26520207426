package io.vertalived.launcher;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.BusStreams;
import io.vertalived.core.bus.NodeInfo;
import io.vertalived.core.cluster.ClusterBootstrap;
import io.vertalived.core.cluster.ClusterMembers;
import io.vertalived.core.config.ConfigLoader;
import io.vertalived.core.config.parse.ConfigErrorCategory;
import io.vertalived.core.config.parse.Diagnostic;
import io.vertalived.core.service.Suite;
import io.vertalived.core.service.SuiteService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Starts one Vert.x (clustered with {@code --cluster}) and the selected services this build
 * contains, as a {@link Suite}; keepalived's signals reload it and dump its state
 * ({@link KeepalivedSignals}); SIGTERM/SIGINT stop the services in the reverse order, then Vert.x.
 */
final class SuiteRunner {
  private static final Logger LOG = Logger.getLogger("io.vertalived.launcher");

  private SuiteRunner() {}

  /** Every VIP of the configuration's VRRP instances: never the cluster's address. */
  static java.util.Set<String> virtualAddresses(io.vertalived.core.config.model.KeepalivedConfig config) {
    java.util.Set<String> vips = new java.util.HashSet<>();
    for (io.vertalived.core.config.model.VrrpInstance vi : config.vrrpInstances()) {
      vi.virtualIpAddresses().forEach(v -> vips.add(v.address().toString()));
      vi.excludedAddresses().forEach(v -> vips.add(v.address().toString()));
    }
    return vips;
  }

  /**
   * A process without {@code --cluster} keeps metrics unless it is a lone VRRP node (vrrp and its trackers):
   * nothing could read them there, and it starts faster and smaller without (docs/benchmarks.md); any other
   * process keeps them (a gateway or a bench service of this process reads them).
   */
  static boolean localMetrics(CliOptions o) {
    return !o.services.stream().allMatch(s -> s.equals("vrrp") || s.equals("trackers"));
  }

  /**
   * Without {@code --cluster}, the process's Vert.x does not depend on the configuration: it is built on a thread
   * of its own while the main thread reads the configuration (start-up: two cores do both at once). Null when
   * clustered (the cluster's address must not be one of the configuration's VIPs).
   */
  static java.util.concurrent.CompletableFuture<Vertx> buildLocalEarly(CliOptions o) {
    if (o.cluster) {
      return null;
    }
    java.util.concurrent.CompletableFuture<Vertx> early = new java.util.concurrent.CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        ClusterBootstrap.startLocal(localMetrics(o)).onComplete(ar -> {
          if (ar.succeeded()) {
            early.complete(ar.result());
          } else {
            early.completeExceptionally(ar.cause());
          }
        });
      } catch (RuntimeException | Error e) {
        early.completeExceptionally(e);
      }
    }, "vertalived-vertx-start");
    t.setDaemon(true);
    t.start();
    return early;
  }

  static int start(CliOptions o, ConfigLoader.Options loadOptions, ConfigLoader.Result result) {
    return start(o, loadOptions, result, null);
  }

  /** As above, with the Vert.x {@link #buildLocalEarly} began building (null: built here). */
  static int start(CliOptions o, ConfigLoader.Options loadOptions, ConfigLoader.Result result,
      java.util.concurrent.CompletableFuture<Vertx> early) {
    // before the services start: a SIGTERM right after BACKUP still finds it logged
    LOG.fine(() -> "class-data archive: " + ArchivePages.outcome());
    for (Diagnostic d : result.diagnostics()) {
      LOG.warning("config: " + d.render());
    }
    if (result.config() == null || result.diagnostics().stream().anyMatch(
        d -> d.category() == ConfigErrorCategory.FILE_NOT_FOUND && d.location() == null
            || d.category() == ConfigErrorCategory.FATAL)) {
      LOG.severe("cannot run: configuration " + o.configFile + " could not be loaded");
      if (early != null) {
        early.thenAccept(Vertx::close);
      }
      return 4;
    }
    List<SuiteService> selected = selected(o);
    if (o.gatewayAddress != null) {
      System.setProperty("vertalived.gateway.address", o.gatewayAddress);
    }
    if (o.gatewayPort != null) {
      System.setProperty("vertalived.gateway.port", Integer.toString(o.gatewayPort));
    }
    o.gatewayProperties.forEach(System::setProperty);
    String node = result.config().global().routerId();
    Future<Vertx> vertxFuture = o.cluster
        ? ClusterBootstrap.startClustered(o.clusterSettings, false, virtualAddresses(result.config()))
        : early != null ? Future.fromCompletionStage(early) : ClusterBootstrap.startLocal(localMetrics(o));
    CountDownLatch started = new CountDownLatch(1);
    String[] failure = new String[1];
    Vertx[] holder = new Vertx[1];
    Suite[] suite = new Suite[1];
    Path configFile = Path.of(o.configFile);
    java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
    PidFile[] pid = new PidFile[1];
    java.util.concurrent.atomic.AtomicReference<ControlSocketServer> control = new java.util.concurrent.atomic.AtomicReference<>();
    // one stop, whoever asks first (a start that failed, or a signal)
    java.util.concurrent.atomic.AtomicReference<Future<Void>> stopping = new java.util.concurrent.atomic.AtomicReference<>();
    java.util.function.Supplier<Future<Void>> stopOnce = () -> stopping.updateAndGet(f -> f != null ? f
        : (suite[0] != null ? suite[0].stop() : Future.<Void>succeededFuture())
            .eventually(() -> holder[0] != null ? holder[0].close() : Future.succeededFuture()));
    // installed before the services start: a SIGTERM during start-up (keepalived takes one at any time) still
    // stops what started (priority 0 adverts, addresses and LVS entries released), once start-up is over
    Thread hook = new Thread(() -> {
      running.set(false);
      LOG.info("stopping");
      try {
        if (!started.await(60, TimeUnit.SECONDS)) {
          LOG.warning("start-up still under way after 60 s: stopping what started");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (holder[0] != null) {
        if (await(stopOnce.get(), 15)) {
          LOG.info("stopped");
        } else {
          LOG.warning("services did not stop within 15 s");
        }
      }
      ControlSocketServer c = control.getAndSet(null);
      if (c != null) {
        c.close();
      }
      if (pid[0] != null) {
        pid[0].remove();
      }
      ShutdownSafeLogManager.finish();
    }, "vertalived-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    // before the hook: priority 0 on the wire within a millisecond of SIGTERM, as keepalived sends it
    java.util.concurrent.atomic.AtomicReference<Suite> resigning = new java.util.concurrent.atomic.AtomicReference<>();
    KeepalivedSignals.onStop(() -> {
      Suite s = resigning.get();
      if (s != null && !awaitMillis(s.resign(), 500)) {
        LOG.warning("the services did not resign within 500 ms; stopping them");
      }
    });
    StartupSignals signals = new StartupSignals();
    KeepalivedSignals.install(signals);
    vertxFuture.compose(vertx -> {
      holder[0] = vertx;
      NodeInfo self = new NodeInfo(node, ClusterMembers.localMember(vertx), BusStreams.of(vertx).boot(),
          selected.stream().map(SuiteService::name).toList(), Version.VALUE, Addresses.CONTRACT_VERSION,
          Instant.now(), hostname(), ProcessHandle.current().pid());
      suite[0] = new Suite(vertx, self, configFile, () -> ConfigLoader.load(configFile, loadOptions), selected);
      resigning.set(suite[0]);
      return suite[0].start(result);
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
      await(stopOnce.get(), 15);
      removeHook(hook);
      return 1;
    }
    Vertx vertx = holder[0];
    if (o.healthPort != null) {
      String healthAddress = System.getenv().getOrDefault("VERTALIVED_HEALTH_ADDRESS", "127.0.0.1");
      try {
        vertx.deployVerticle(new io.vertalived.core.service.HealthProbes(healthAddress, o.healthPort, running::get))
            .await(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.severe("cannot serve the health probes on " + healthAddress + ":" + o.healthPort + ": " + e.getMessage());
        await(stopOnce.get(), 15);
        removeHook(hook);
        return 1;
      }
    }
    if (!running.get()) {
      return -1; // a signal came during start-up: the shutdown hook is stopping everything
    }
    pid[0] = PidFile.write(o.pidFile);
    if (selected.stream().anyMatch(s -> s.name().equals("vrrp"))) {
      control.set(controlSocket(o, node, vertx, suite[0]));
      if (!running.get()) { // a signal came meanwhile: the hook may have looked already
        ControlSocketServer c = control.getAndSet(null);
        if (c != null) {
          c.close();
        }
      }
    }
    signals.started(suite[0]);
    LOG.info("vertalived node " + node + " running" + (o.cluster ? " in cluster "
        + o.clusterSettings.name() : "") + " with services " + selected.stream()
        .map(SuiteService::name).toList());
    return -1;
  }

  /**
   * The node's local control socket ({@link ControlSocket}), served by the process that runs its VRRP
   * service; null, with a warning, when it cannot be made: the node runs on, controlled over the cluster
   * or by signals.
   */
  private static ControlSocketServer controlSocket(CliOptions o, String node, Vertx vertx, Suite suite) {
    Path path = ControlSocket.path(o.controlSocket, node);
    try {
      ControlSocketServer s = ControlSocketServer.open(path, o.controlGroup, ControlRequests.local(vertx, node, suite));
      LOG.info("local control on " + path + " (root" + (o.controlGroup != null ? " and group " + o.controlGroup : "")
          + ")");
      return s;
    } catch (java.io.IOException | RuntimeException e) {
      LOG.warning("no local control socket " + path + ": " + e.getMessage()
          + " (status, handover and reload need --cluster or signals)");
      return null;
    }
  }

  /** The start failed and what started is stopped: the exit that follows has nothing left to stop. */
  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // a signal came meanwhile: the hook runs and finds everything stopped
    }
  }

  /** The services named by the options that this build contains, in their order. */
  private static List<SuiteService> selected(CliOptions o) {
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
    return selected;
  }

  /**
   * The kernel's host name (uname's nodename, as keepalived takes it): never a name lookup, which a host or
   * container without a resolver answers only after its timeouts.
   */
  private static String hostname() {
    try {
      String name = java.nio.file.Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
      return name.isEmpty() ? "localhost" : name;
    } catch (java.io.IOException | RuntimeException e) {
      return "localhost";
    }
  }

  private static boolean await(Future<?> f, int seconds) {
    return awaitMillis(f, seconds * 1000L);
  }

  private static boolean awaitMillis(Future<?> f, long millis) {
    CountDownLatch done = new CountDownLatch(1);
    f.onComplete(ar -> done.countDown());
    try {
      return done.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
