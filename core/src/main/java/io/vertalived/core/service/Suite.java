package io.vertalived.core.service;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.Bus;
import io.vertalived.core.bus.BusStreams;
import io.vertalived.core.bus.ConfigReloaded;
import io.vertalived.core.bus.NodeInfo;
import io.vertalived.core.bus.Sequencer;
import io.vertalived.core.config.ConfigLoader;
import io.vertalived.core.config.parse.Diagnostic;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * The services of one process and their configuration: started in order, reloaded together
 * (SIGHUP, {@link Addresses#CONFIG_RELOAD}, {@code vertalived reload}), stopped in the reverse
 * order. A reload reads the configuration file again, validates it ({@link ReloadPolicy}: a
 * refused one changes nothing anywhere and says why) and hands the accepted one to every
 * service, each applying it as a difference; one reload at a time, later requests wait for it.
 */
public final class Suite {
  private static final Logger LOG = Logger.getLogger("io.vertalived.config");

  /** Reads the configuration file (blocking; run off the event loop). */
  @FunctionalInterface
  public interface ConfigSource {
    ConfigLoader.Result load();
  }

  private record Started(String name, RunningService service) {}

  private final Vertx vertx;
  private final NodeInfo self;
  private final Path configFile;
  private final ConfigSource source;
  private final List<SuiteService> services;
  /** Added to on the event loop while starting; read by {@link #resign} from a signal's thread. */
  private final List<Started> running = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Sequencer reloads;
  private ServiceContext current;
  private ConfigVerticle config;
  private Future<ConfigReloaded> lastReload = Future.succeededFuture();
  /** Set by {@link #stop}: later reloads are refused. */
  private boolean stopping;
  /** reload_time_file's watch, while the running configuration has one. */
  private ReloadTimeMonitor reloadTime;

  public Suite(Vertx vertx, NodeInfo self, Path configFile, ConfigSource source, List<SuiteService> services) {
    this.vertx = vertx;
    this.self = self;
    this.configFile = configFile;
    this.source = source;
    this.services = List.copyOf(services);
    this.reloads = BusStreams.of(vertx).sequencer(Addresses.CONFIG_RELOADED);
  }

  public NodeInfo self() {
    return self;
  }

  /** Starts the node directory, the configuration holder and the services, in order. */
  public Future<Void> start(ConfigLoader.Result initial) {
    current = new ServiceContext(self.node(), configFile, initial.config());
    config = new ConfigVerticle(self.member(), describe(initial, true, "start", List.of()));
    Future<?> chain = vertx.deployVerticle(new io.vertalived.core.journal.JournalWriter())
        .compose(v -> vertx.deployVerticle(new NodeDirectoryVerticle(self)))
        .compose(v -> vertx.deployVerticle(new io.vertalived.core.metrics.MetricsVerticle(self)))
        .compose(v -> vertx.deployVerticle(config));
    for (SuiteService s : services) {
      chain = chain.compose(v -> s.start(vertx, current).onSuccess(r -> {
        running.add(new Started(s.name(), r));
        LOG.info("service " + s.name() + " started");
      }));
    }
    return chain.compose(v -> Bus.answer(vertx, Addresses.CONFIG_RELOAD, self.member(),
        r -> r.checkOnly() ? check(r.trigger() == null || r.trigger().isBlank() ? "bus" : r.trigger())
            : reload(r.trigger() == null || r.trigger().isBlank() ? "bus" : r.trigger())).completion())
        .compose(v -> watchReloadTime());
  }

  /** keepalived.conf(5) reload_time_file: a reload at the time the file says (started after every reload). */
  private Future<Void> watchReloadTime() {
    var g = current.config().global();
    if (g.reloadTimeFile() == null) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> {
      ReloadTimeMonitor m = ReloadTimeMonitor.start(vertx, Path.of(g.reloadTimeFile()), g.reloadRepeat(),
          java.time.Clock.systemDefaultZone(), () -> reload("reload_time_file"));
      synchronized (this) {
        if (stopping) {
          m.stop();
        } else {
          reloadTime = m;
        }
      }
      return null;
    });
  }

  private synchronized void stopReloadTime() {
    if (reloadTime != null) {
      reloadTime.stop();
      reloadTime = null;
    }
  }

  /** The reload reload_time_file has scheduled, or null. */
  public synchronized Instant scheduledReload() {
    return reloadTime == null ? null : reloadTime.scheduled();
  }

  /** Reloads the configuration file; completes with what was published on {@link Addresses#CONFIG_RELOADED}. */
  public synchronized Future<ConfigReloaded> reload(String trigger) {
    if (stopping) {
      return Future.failedFuture(new io.vertalived.core.bus.BusFailure(io.vertalived.core.bus.BusFailure.UNAVAILABLE,
          "vertalived is stopping: no reload"));
    }
    Future<ConfigReloaded> next = lastReload.transform(x -> reloadNow(trigger)
        .andThen(ar -> watchReloadTime().onFailure(e -> LOG.warning("cannot watch the reload time file: " + e.getMessage()))));
    lastReload = next;
    return next;
  }

  /**
   * Reads and validates the configuration file as a reload would, changing nothing and publishing
   * nothing: the reply says whether a reload now would be accepted, and its problems.
   */
  public Future<ConfigReloaded> check(String trigger) {
    return vertx.executeBlocking(source::load).map(result -> {
      String refused = ReloadPolicy.rejection(result, current.config());
      var c = result.config();
      // sequence 0: a check is not a load, it takes no number of the reload stream
      return new ConfigReloaded(self.node(), reloads.boot(), 0, Instant.now(),
          result.files().stream().map(Path::toString).toList(), refused == null,
          c == null ? 0 : c.vrrpInstances().size(), c == null ? 0 : c.virtualServers().size(),
          result.diagnostics().stream().map(Diagnostic::render).toList(), trigger,
          refused == null ? List.of() : List.of(refused));
    });
  }

  private Future<ConfigReloaded> reloadNow(String trigger) {
    LOG.info("Reloading ... (" + trigger + ")");
    stopReloadTime();
    return vertx.executeBlocking(this::load).compose(result -> {
      String refused = ReloadPolicy.rejection(result, current.config());
      if (refused != null) {
        LOG.warning("reload refused, the running configuration stays: " + refused);
        for (Diagnostic d : result.diagnostics()) {
          LOG.warning("config: " + d.render());
        }
        checkLog(result);
        ConfigReloaded outcome = describe(result, false, trigger, List.of(refused));
        config.loaded(outcome);
        return Future.succeededFuture(outcome);
      }
      for (Diagnostic d : result.diagnostics()) {
        LOG.warning("config: " + d.render());
      }
      ServiceContext next = new ServiceContext(self.node(), configFile, result.config());
      return applyInOrder(next, 0, new ArrayList<>()).map(changes -> {
        current = next;
        changes.forEach(c -> LOG.info("reload: " + c));
        LOG.info("Reload complete" + (changes.isEmpty() ? " (nothing changed)" : " (" + changes.size()
            + (changes.size() == 1 ? " change)" : " changes)")));
        ConfigReloaded outcome = describe(result, true, trigger, changes);
        config.loaded(outcome);
        return outcome;
      });
    });
  }

  /**
   * Reads the configuration; with {@code reload_file} (keepalived.conf(5) Global definitions) of
   * the running configuration, that file exists (created, or truncated) while it is read, so that
   * a process updating the configuration can wait for its removal.
   */
  private ConfigLoader.Result load() {
    String marker = current.config().global().reloadFile();
    if (marker == null) {
      return source.load();
    }
    Path p = Path.of(marker);
    try {
      java.nio.file.Files.newOutputStream(p).close();
      java.nio.file.Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    } catch (java.io.IOException | UnsupportedOperationException e) {
      LOG.info("Failed to create reload file (" + marker + ") " + e.getMessage());
    }
    try {
      return source.load();
    } finally {
      try {
        java.nio.file.Files.deleteIfExists(p);
      } catch (java.io.IOException e) {
        LOG.warning("cannot remove the reload file " + marker + ": " + e.getMessage());
      }
    }
  }

  /**
   * {@code reload_check_config LOG_FILE}: the refused configuration's problems go to LOG_FILE as
   * {@code -t} prints them, and the log points there as keepalived's does.
   */
  private void checkLog(ConfigLoader.Result result) {
    var g = current.config().global();
    if (!g.reloadCheckConfig() || g.reloadCheckConfigFile() == null) {
      return;
    }
    StringBuilder b = new StringBuilder();
    result.diagnostics().forEach(d -> b.append(d.render()).append('\n'));
    vertx.executeBlocking(() -> java.nio.file.Files.writeString(Path.of(g.reloadCheckConfigFile()), b.toString()))
        .onSuccess(p -> LOG.warning("New config failed validation, see " + g.reloadCheckConfigFile() + " for details"))
        .onFailure(e -> LOG.warning("cannot write the reload check's log " + g.reloadCheckConfigFile() + ": " + e.getMessage()));
  }

  /** Each service in start order; one that fails says so in the changes and the others go on. */
  private Future<List<String>> applyInOrder(ServiceContext next, int i, List<String> changes) {
    if (i == running.size()) {
      return Future.succeededFuture(changes);
    }
    Started s = running.get(i);
    Future<List<String>> one;
    try {
      one = s.service().reload(next);
    } catch (RuntimeException e) {
      one = Future.failedFuture(e);
    }
    return one.transform(ar -> {
      if (ar.succeeded()) {
        changes.addAll(ar.result());
      } else {
        LOG.severe("service " + s.name() + " could not apply the reload: " + ar.cause().getMessage());
        changes.add(s.name() + " service could not apply the reload: " + ar.cause().getMessage());
      }
      return applyInOrder(next, i + 1, changes);
    });
  }

  /**
   * Stops the services in the reverse order of their start, after a reload that is running; each
   * stop waits for the one before, and no reload starts afterwards.
   */
  public Future<Void> stop() {
    Future<ConfigReloaded> running;
    synchronized (this) {
      stopping = true;
      running = lastReload;
    }
    stopReloadTime();
    return running.transform(x -> stopServices());
  }

  private Future<Void> stopServices() {
    Future<Void> chain = Future.succeededFuture();
    for (int i = running.size() - 1; i >= 0; i--) {
      Started s = running.get(i);
      chain = chain.transform(x -> s.service().stop().onFailure(e ->
          LOG.warning("service " + s.name() + " did not stop cleanly: " + e.getMessage())).otherwiseEmpty());
    }
    return chain;
  }

  /**
   * The moment a stop is asked for (SIGTERM, SIGINT), before {@link #stop}: every started service's
   * {@link RunningService#resign} (the VRRP service's priority-0 adverts); callable from any thread.
   */
  public Future<Void> resign() {
    // every service is asked before anything else happens (no lambda linked, no future combined, no log line
    // written on the way: the VRRP service's priority-0 adverts must leave at once)
    List<Started> services = List.copyOf(running);
    List<Future<Void>> all = new ArrayList<>(services.size());
    for (Started s : services) {
      all.add(s.service().resign());
    }
    for (int i = 0; i < all.size(); i++) {
      String name = services.get(i).name();
      all.get(i).onFailure(e -> LOG.warning("service " + name + " could not resign: " + e.getMessage()));
    }
    return Future.join(all).mapEmpty();
  }

  /** keepalived's signal dumps of every service that has one. */
  public Future<Void> dump(SignalDump kind) {
    List<Future<Void>> all = new ArrayList<>();
    for (Started s : running) {
      all.add(s.service().dump(kind).onFailure(e ->
          LOG.warning("service " + s.name() + " could not write its " + kind + " dump: " + e.getMessage())));
    }
    return Future.join(all).mapEmpty();
  }

  private ConfigReloaded describe(ConfigLoader.Result r, boolean accepted, String trigger, List<String> changes) {
    List<String> problems = r.diagnostics().stream().map(Diagnostic::render).toList();
    var c = r.config();
    return new ConfigReloaded(self.node(), reloads.boot(), reloads.next(), Instant.now(),
        r.files().stream().map(Path::toString).toList(), accepted,
        c == null ? 0 : c.vrrpInstances().size(), c == null ? 0 : c.virtualServers().size(), problems, trigger,
        changes);
  }
}
