package io.vertalived.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.Bus;
import io.vertalived.core.bus.BusCodecs;
import io.vertalived.core.bus.ConfigReloaded;
import io.vertalived.core.bus.EmptyQuery;
import io.vertalived.core.bus.NodeDirectory;
import io.vertalived.core.bus.NodeInfo;
import io.vertalived.core.bus.ReloadRequest;
import io.vertalived.core.config.ConfigLoader;
import io.vertalived.core.config.keywords.HostFacts;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The suite of a process: services start in order and stop in the reverse order; a reload reads
 * the file again, is refused as a whole when it has errors or changes the router_id, is applied by
 * every service in order when good, one reload at a time, whether asked directly or on the bus;
 * every load is published; the node directory answers with this process.
 */
class SuiteTest {
  @TempDir
  Path dir;
  private Vertx vertx;
  private Path conf;
  private final List<String> log = Collections.synchronizedList(new ArrayList<>());
  private final List<ConfigReloaded> published = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    BusCodecs.register(vertx);
    Bus.consume(vertx, Addresses.CONFIG_RELOADED, published::add).completion().await(5, TimeUnit.SECONDS);
    conf = dir.resolve("keepalived.conf");
    Files.writeString(conf, "global_defs {\n router_id n1\n}\n");
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private ConfigLoader.Result load() {
    return ConfigLoader.load(conf, new ConfigLoader.Options("n1", false, HostFacts.fixed(Set.of("eth0"), Set.of("root"), "n1")));
  }

  /** A service that logs its calls; its reload takes {@code gate} to finish when given. */
  private SuiteService service(String name, Promise<Void> gate) {
    return new SuiteService() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Future<RunningService> start(Vertx v, ServiceContext context) {
        log.add(name + " start");
        return Future.succeededFuture(new RunningService() {
          @Override
          public Future<List<String>> reload(ServiceContext next) {
            log.add(name + " reload " + next.config().global().routerId());
            Future<Void> wait = gate == null ? Future.succeededFuture() : gate.future();
            return wait.map(x -> List.of(name + " changed"));
          }

          @Override
          public Future<Void> stop() {
            log.add(name + " stop");
            return Future.succeededFuture();
          }
        });
      }
    };
  }

  private Suite suite(Promise<Void> gate) throws Exception {
    return suite(gate, this::load);
  }

  private Suite suite(Promise<Void> gate, Suite.ConfigSource source) throws Exception {
    NodeInfo self = new NodeInfo("n1", "local", "boot-1", List.of("a", "b"), "test", Addresses.CONTRACT_VERSION,
        Instant.now(), "host", 1);
    Suite s = new Suite(vertx, self, conf, source, List.of(service("a", null), service("b", gate)));
    s.start(load()).await(10, TimeUnit.SECONDS);
    return s;
  }

  private void awaitPublished(int n) throws Exception {
    long until = System.nanoTime() + 5_000_000_000L;
    while (published.size() < n && System.nanoTime() < until) {
      Thread.onSpinWait();
    }
    assertEquals(n, published.size(), published.toString());
  }

  @Test
  void servicesStartInOrderReloadInOrderAndStopInReverse() throws Exception {
    Suite s = suite(null);
    assertEquals(List.of("a start", "b start"), log);
    awaitPublished(1);
    assertEquals("start", published.get(0).trigger());
    assertTrue(published.get(0).accepted());

    ConfigReloaded r = s.reload("SIGHUP").await(10, TimeUnit.SECONDS);
    assertTrue(r.accepted());
    assertEquals("SIGHUP", r.trigger());
    assertEquals(List.of("a changed", "b changed"), r.changes());
    assertEquals(List.of("a start", "b start", "a reload n1", "b reload n1"), log);
    awaitPublished(2);
    assertEquals(published.get(0).sequence() + 1, published.get(1).sequence());
    assertEquals(published.get(0).boot(), published.get(1).boot());
    // both loads are in the process's journal, in order
    var journal = io.vertalived.core.journal.Journals.of(vertx);
    long until = System.nanoTime() + 5_000_000_000L;
    while (journal.read(1, 10).result().entries().size() < 2 && System.nanoTime() < until) {
      Thread.onSpinWait();
    }
    var entries = journal.read(1, 10).result().entries();
    assertEquals(List.of("start", "SIGHUP"), entries.stream()
        .map(e -> e.decode(ConfigReloaded.class).trigger()).toList());

    s.stop().await(10, TimeUnit.SECONDS);
    assertEquals(List.of("b stop", "a stop"), log.subList(4, 6));
  }

  @Test
  void aConfigurationWithErrorsIsRefusedAndNothingChanges() throws Exception {
    Suite s = suite(null);
    Files.writeString(conf, "global_defs {\n router_id n1\n no_such_keyword 1\n}\n");
    ConfigReloaded r = s.reload("SIGHUP").await(10, TimeUnit.SECONDS);
    assertFalse(r.accepted());
    assertEquals(List.of("1 problem in the configuration"), r.changes());
    assertTrue(r.problems().get(0).contains("Unknown keyword 'no_such_keyword'"), r.problems().toString());
    assertEquals(List.of("a start", "b start"), log, "no service was asked");
    ConfigReloaded current = Bus.request(vertx, Addresses.CONFIG_CURRENT, "local", EmptyQuery.INSTANCE, 5_000)
        .await(5, TimeUnit.SECONDS);
    assertEquals("start", current.trigger(), "the running configuration is still the first");
    awaitPublished(2);
    assertFalse(published.get(1).accepted());

    Files.writeString(conf, "global_defs {\n router_id n2\n}\n");
    ConfigReloaded renamed = s.reload("SIGHUP").await(10, TimeUnit.SECONDS);
    assertFalse(renamed.accepted());
    assertTrue(renamed.changes().get(0).startsWith("router_id cannot change at a reload (n1 -> n2"), renamed.changes().toString());
    assertEquals(2, log.size());
  }

  @Test
  void theReloadFileIsThereWhileAReloadReadsTheConfiguration() throws Exception {
    Path marker = dir.resolve("keepalived.reload");
    Files.writeString(conf, "global_defs {\n router_id n1\n reload_file " + marker + "\n}\n");
    List<Boolean> presentWhileReading = new CopyOnWriteArrayList<>();
    Suite s = suite(null, () -> {
      presentWhileReading.add(Files.exists(marker));
      return load();
    });
    Files.writeString(marker, "waiting for the reload");
    assertTrue(s.reload("SIGHUP").await(10, TimeUnit.SECONDS).accepted());
    assertEquals(List.of(true), presentWhileReading);
    assertFalse(Files.exists(marker), "removed once the configuration has been read");
  }

  @Test
  void aReloadTimeFileReloadsTheNodeAtItsTime() throws Exception {
    Path timeFile = dir.resolve("reload.time");
    Files.writeString(conf, "global_defs {\n router_id n1\n reload_time_file " + timeFile + "\n}\n");
    Suite s = suite(null);
    awaitPublished(1);
    java.util.concurrent.CompletableFuture<ConfigReloaded> timed = new java.util.concurrent.CompletableFuture<>();
    Bus.consume(vertx, Addresses.CONFIG_RELOADED, r -> {
      if ("reload_time_file".equals(r.trigger())) {
        timed.complete(r);
      }
    }).completion().await(5, TimeUnit.SECONDS);
    Instant at = Instant.now().plusSeconds(2).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    Files.writeString(timeFile, java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
        .format(at.atZone(java.time.ZoneOffset.UTC)) + "Z\n");
    assertTrue(timed.get(10, TimeUnit.SECONDS).accepted());
    assertFalse(Instant.now().isBefore(at), "not before its time");
    assertFalse(Files.exists(timeFile), "a reload at a date happens once: the file is removed");
    assertEquals(null, s.scheduledReload());
    s.stop().await(10, TimeUnit.SECONDS);
  }

  @Test
  void aCheckOnlyRequestValidatesAndChangesOrPublishesNothing() throws Exception {
    suite(null);
    awaitPublished(1);
    Files.writeString(conf, "global_defs {\n router_id n1\n no_such_keyword 1\n}\n");
    ConfigReloaded bad = Bus.request(vertx, Addresses.CONFIG_RELOAD, "local", new ReloadRequest("api", true), 10_000)
        .await(10, TimeUnit.SECONDS);
    assertFalse(bad.accepted());
    assertEquals(List.of("1 problem in the configuration"), bad.changes());
    assertTrue(bad.problems().get(0).contains("Unknown keyword 'no_such_keyword'"), bad.problems().toString());
    Files.writeString(conf, "global_defs {\n router_id n1\n}\nvirtual_server 198.18.0.10 80 {\n protocol TCP\n"
        + " real_server 198.18.0.11 80 {\n  TCP_CHECK {\n  }\n }\n}\n");
    ConfigReloaded good = Bus.request(vertx, Addresses.CONFIG_RELOAD, "local", new ReloadRequest("api", true), 10_000)
        .await(10, TimeUnit.SECONDS);
    assertTrue(good.accepted(), good.toString());
    assertEquals(1, good.virtualServers());
    assertEquals(0, good.sequence(), "a check takes no number of the reload stream");
    assertEquals(List.of("a start", "b start"), log, "no service was asked");
    ConfigReloaded current = Bus.request(vertx, Addresses.CONFIG_CURRENT, "local", EmptyQuery.INSTANCE, 5_000)
        .await(5, TimeUnit.SECONDS);
    assertEquals("start", current.trigger());
    assertEquals(1, published.size(), "nothing published: " + published);
  }

  @Test
  void reloadsRunOneAtATimeWhetherAskedDirectlyOrOnTheBus() throws Exception {
    Promise<Void> gate = Promise.promise();
    Suite s = suite(gate);
    Future<ConfigReloaded> first = s.reload("SIGHUP");
    Future<ConfigReloaded> second = Bus.request(vertx, Addresses.CONFIG_RELOAD, "local", new ReloadRequest(null), 10_000);
    long until = System.nanoTime() + 5_000_000_000L;
    while (!log.contains("b reload n1") && System.nanoTime() < until) {
      Thread.onSpinWait();
    }
    assertEquals(List.of("a start", "b start", "a reload n1", "b reload n1"), log, "the second waits for the first");
    assertFalse(first.isComplete() || second.isComplete());
    gate.complete();
    assertEquals("SIGHUP", first.await(10, TimeUnit.SECONDS).trigger());
    ConfigReloaded viaBus = second.await(10, TimeUnit.SECONDS);
    assertEquals("bus", viaBus.trigger());
    assertEquals(6, log.size());
  }

  @Test
  void theNodeDirectoryOfAProcessOnItsOwnIsItself() throws Exception {
    suite(null);
    NodeDirectory d = Bus.request(vertx, Addresses.NODE_DIRECTORY, EmptyQuery.INSTANCE, 5_000).await(5, TimeUnit.SECONDS);
    assertEquals(1, d.nodes().size());
    assertEquals("n1", d.nodes().get(0).node());
    assertEquals("local", d.nodes().get(0).member());
    assertEquals(List.of("a", "b"), d.nodes().get(0).services());
  }
}
