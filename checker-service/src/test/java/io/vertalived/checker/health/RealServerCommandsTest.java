package io.vertalived.checker.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.Bus;
import io.vertalived.core.bus.BusCodecs;
import io.vertalived.core.bus.RealServerCommand;
import io.vertalived.core.bus.RealServerCommandOutcome;
import io.vertalived.core.bus.RealServerState;
import io.vertalived.core.config.ConfigLoader;
import io.vertalived.core.config.keywords.HostFacts;
import io.vertalived.core.service.ServiceContext;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's real-server commands on a checker instance checking a real listener: a drain
 * keeps the real server alive with weight 0 (published), survives the instance's restart through
 * the cluster map, and ends with enable; check runs its checks now and answers their results;
 * unknown real servers and actions are refused by name.
 */
class RealServerCommandsTest {
  private static final String VS = "[127.0.0.1]:tcp:";
  @TempDir
  Path dir;
  private Vertx vertx;
  private java.net.ServerSocket listener;
  private final LinkedBlockingQueue<RealServerState> states = new LinkedBlockingQueue<>();
  private final io.micrometer.prometheusmetrics.PrometheusMeterRegistry registry =
      io.vertalived.core.metrics.ProcessMetrics.newRegistry();

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    BusCodecs.register(vertx);
    io.vertalived.core.metrics.ProcessMetrics.attach(vertx, registry);
    listener = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(() -> {
      while (!listener.isClosed()) {
        try {
          listener.accept().close();
        } catch (java.io.IOException e) {
          return;
        }
      }
    });
    acceptor.setDaemon(true);
    acceptor.start();
    Bus.consume(vertx, Addresses.REAL_SERVER_STATE, states::add);
  }

  @AfterEach
  void tearDown() throws Exception {
    listener.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private ServiceContext context() throws Exception {
    Path conf = dir.resolve("keepalived.conf");
    // a long delay_loop: only the first check and the ones asked for run during the test
    Files.writeString(conf, "global_defs {\n router_id n1\n}\n"
        + "virtual_server 127.0.0.1 " + listener.getLocalPort() + " {\n delay_loop 600\n protocol TCP\n"
        + " real_server 127.0.0.1 " + listener.getLocalPort() + " {\n  weight 5\n  TCP_CHECK {\n   connect_timeout 2\n"
        + "   retry 0\n  }\n }\n}\n");
    var loaded = ConfigLoader.load(conf, new ConfigLoader.Options("n1", false, HostFacts.fixed(Set.of(), Set.of(), "n1")));
    return new ServiceContext("n1", conf, loaded.config());
  }

  private RealServerCommandOutcome ask(String action, String rs) throws Exception {
    RealServerCommand c = new RealServerCommand(action, VS + listener.getLocalPort(), rs);
    long until = System.nanoTime() + 15_000_000_000L;
    while (true) {
      try {
        return Bus.request(vertx, Addresses.REAL_SERVER_COMMAND, c, 10_000).await(15, TimeUnit.SECONDS);
      } catch (ReplyException e) {
        // an instance places its real servers once it has listened for the others (2 s): asked again until then
        if (e.failureCode() != 503 || System.nanoTime() > until) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  private RealServerState nextState(java.util.function.Predicate<RealServerState> p) throws Exception {
    for (RealServerState s; (s = states.poll(10, TimeUnit.SECONDS)) != null; ) {
      if (p.test(s)) {
        return s;
      }
    }
    throw new AssertionError("no such real-server state published");
  }

  @Test
  void drainEnableAndCheckNow() throws Exception {
    String rs = "127.0.0.1:" + listener.getLocalPort();
    String id = vertx.deployVerticle(new HealthCheckVerticle(context(), 1)).await(10, TimeUnit.SECONDS);

    RealServerCommandOutcome checked = ask("check", rs);
    assertEquals(1, checked.checks().size(), checked.toString());
    assertTrue(checked.checks().get(0).up());
    assertTrue(checked.state().alive());
    assertEquals(5, checked.state().weight());
    String series = "{real_server=\"" + rs + "\",virtual_server=\"" + VS + listener.getLocalPort() + "\"}";
    String text = io.vertalived.core.metrics.ProcessMetrics.scrape(vertx);
    assertTrue(text.contains("vertalived_real_server_up" + series + " 1"), text);
    assertTrue(text.contains("vertalived_real_server_weight" + series + " 5"), text);
    assertTrue(text.contains("vertalived_check_duration_seconds_count{check_type=\"TCP_CHECK\",real_server=\"" + rs),
        text);

    RealServerCommandOutcome drained = ask("drain", rs);
    assertTrue(drained.state().alive(), "a drained real server stays alive");
    assertEquals(0, drained.state().weight());
    assertTrue(drained.state().drained());
    assertTrue(io.vertalived.core.metrics.ProcessMetrics.scrape(vertx).contains("vertalived_real_server_weight" + series + " 0"));
    RealServerState published = nextState(RealServerState::drained);
    assertEquals(0, published.weight());
    assertEquals("drained by the operator", published.reason());

    // a restarted instance finds the drain in the cluster map
    vertx.undeploy(id).await(10, TimeUnit.SECONDS);
    vertx.deployVerticle(new HealthCheckVerticle(context(), 1)).await(10, TimeUnit.SECONDS);
    RealServerCommandOutcome again = ask("check", rs);
    assertTrue(again.state().drained(), again.toString());
    assertEquals(0, again.state().weight());

    RealServerCommandOutcome enabled = ask("enable", rs);
    assertFalse(enabled.state().drained());
    assertEquals(5, enabled.state().weight());
    assertEquals(5, nextState(s -> !s.drained() && s.reason().equals("enabled by the operator")).weight());

    ReplyException r = org.junit.jupiter.api.Assertions.assertThrows(ReplyException.class,
        () -> ask("drain", "127.0.0.9:1"));
    assertEquals(404, r.failureCode());
    assertTrue(r.getMessage().startsWith("no real server 127.0.0.9:1 of virtual server"), r.getMessage());
    ReplyException bad = org.junit.jupiter.api.Assertions.assertThrows(ReplyException.class, () -> ask("reboot", rs));
    assertEquals(400, bad.failureCode());
    assertEquals("action must be drain, enable or check, not 'reboot'", bad.getMessage());
    assertNotNull(checked.outcome());
  }
}
