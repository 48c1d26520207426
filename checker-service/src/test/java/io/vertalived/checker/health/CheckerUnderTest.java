package io.vertalived.checker.health;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.LocalListeners;
import io.vertalived.core.bus.BusCodecs;
import io.vertalived.core.bus.CheckResult;
import io.vertalived.core.bus.RealServerState;
import io.vertalived.core.config.ConfigLoader;
import io.vertalived.core.config.keywords.HostFacts;
import io.vertalived.core.service.ServiceContext;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The {@code checker} service of node n1 running a configuration file, with every result and
 * real-server state it publishes collected from the bus (subscribed before it starts).
 */
final class CheckerUnderTest {
  final LinkedBlockingQueue<CheckResult> results = new LinkedBlockingQueue<>();
  final LinkedBlockingQueue<RealServerState> states = new LinkedBlockingQueue<>();

  private CheckerUnderTest() {}

  static CheckerUnderTest start(Vertx vertx, Path conf) throws Exception {
    var loaded = ConfigLoader.load(conf, new ConfigLoader.Options("n1", false, HostFacts.fixed(Set.of(), Set.of(), "n1")));
    assertNotNull(loaded.config(), loaded.diagnostics().toString());
    BusCodecs.register(vertx);
    CheckerUnderTest c = new CheckerUnderTest();
    LocalListeners.consume(vertx, Addresses.CHECK_RESULT, c.results::add);
    vertx.eventBus().<RealServerState>consumer(Addresses.REAL_SERVER_STATE.address(), m -> c.states.add(m.body()));
    new CheckerService().start(vertx, new ServiceContext("n1", conf, loaded.config())).await(10, TimeUnit.SECONDS);
    return c;
  }
}
