package io.vertalived.ipvs.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.Bus;
import io.vertalived.core.bus.BusCodecs;
import io.vertalived.core.bus.LvsChange;
import io.vertalived.core.bus.LvsQuorum;
import io.vertalived.core.bus.RealServerState;
import io.vertalived.core.config.model.KeepalivedConfig;
import io.vertalived.core.metrics.ProcessMetrics;
import io.vertalived.core.service.OnDemandService;
import io.vertalived.core.service.RunningService;
import io.vertalived.core.service.ServiceContext;
import io.vertalived.ipvs.Configs;
import io.vertalived.ipvs.Tables;
import io.vertalived.ipvs.table.LvsTable;
import io.vertalived.ipvs.table.LvsVirtualService;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IpvsVerticleTest {
  private static final String CONF = """
      virtual_server 198.18.0.1 80 {
        protocol TCP
        lb_algo rr
        quorum 2
        sorry_server 198.18.0.9 80
        quorum_up "/bin/true"
        real_server 198.18.0.2 80 { }
        real_server 198.18.0.3 80 { }
      }
      """;
  private static final String VS = "[198.18.0.1]:tcp:80";

  private Vertx vertx;
  private final LinkedBlockingQueue<LvsQuorum> quorums = new LinkedBlockingQueue<>();
  private final LinkedBlockingQueue<LvsChange> changes = new LinkedBlockingQueue<>();
  private MemoryKernel kernel;
  private IpvsVerticle verticle;
  private RunningService service;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    BusCodecs.register(vertx);
    ProcessMetrics.attach(vertx, ProcessMetrics.newRegistry());
    Bus.consume(vertx, Addresses.LVS_QUORUM, quorums::add);
    Bus.consume(vertx, Addresses.LVS_CHANGE, changes::add);
    kernel = new MemoryKernel(Tables.foreignOnly());
    service = OnDemandService.start(vertx, "ipvs", context(Configs.parse(CONF)), c -> true, ctx -> {
      verticle = new IpvsVerticle(ctx, c -> kernel);
      return verticle;
    }).await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static ServiceContext context(KeepalivedConfig c) {
    return new ServiceContext("n1", Path.of("/nonexistent/keepalived.conf"), c);
  }

  private LvsVirtualService web() {
    return kernel.table().services().get(Tables.WEB);
  }

  private LvsChange publishAndAwaitChange(String rs, boolean alive) throws Exception {
    Bus.publish(vertx, Addresses.REAL_SERVER_STATE, new RealServerState("n2", "b", 0, Instant.now(), VS, rs, alive,
        alive ? 1 : 0, alive ? "up" : "connection refused"));
    LvsChange c = changes.poll(10, TimeUnit.SECONDS);
    assertNotNull(c, "no table change published");
    return c;
  }

  @Test
  void startsWithTheConfiguredTableAndLeavesForeignServicesAlone() throws Exception {
    LvsChange start = changes.poll(10, TimeUnit.SECONDS);
    assertEquals("start", start.trigger());
    assertEquals(3, start.operations().size(), start.operations().toString());
    assertEquals(java.util.Set.of("198.18.0.2:80", "198.18.0.3:80"), web().destinations().keySet());
    assertNotNull(kernel.table().services().get(Tables.FOREIGN));
  }

  @Test
  void healthMovesDestinationsAndQuorumBringsTheSorryServer() throws Exception {
    changes.poll(10, TimeUnit.SECONDS);
    LvsChange down = publishAndAwaitChange("198.18.0.2:80", false);
    assertEquals("health", down.trigger());
    LvsQuorum lost = quorums.poll(10, TimeUnit.SECONDS);
    assertFalse(lost.up());
    assertEquals("Lost quorum 2-0=2 > 1 for VS " + VS, lost.detail());
    assertEquals(java.util.Set.of("198.18.0.9:80"), web().destinations().keySet(), "sorry server alone");

    publishAndAwaitChange("198.18.0.2:80", true);
    assertTrue(quorums.poll(10, TimeUnit.SECONDS).up());
    assertEquals(java.util.Set.of("198.18.0.2:80", "198.18.0.3:80"), web().destinations().keySet());
  }

  @Test
  void aTableChangedBehindItsBackIsRestoredAtTheNextRead() throws Exception {
    changes.poll(10, TimeUnit.SECONDS);
    kernel.replace(LvsTable.EMPTY);
    Convergence c = verticle.reconcileOnContext("resync", true).await(10, TimeUnit.SECONDS);
    assertTrue(c.drift());
    assertEquals(3, c.applied().size());
    assertEquals("resync", changes.poll(10, TimeUnit.SECONDS).trigger());
    assertEquals(2, web().destinations().size());
  }

  @Test
  void aReloadAppliesOnlyTheDifferenceAndStopRemovesOnlyOurs() throws Exception {
    changes.poll(10, TimeUnit.SECONDS);
    int before = kernel.operations;
    String next = CONF.replace("lb_algo rr", "lb_algo wrr").replace("real_server 198.18.0.3 80 { }",
        "real_server 198.18.0.3 80 { weight 4 }");
    var reloaded = service.reload(context(Configs.parse(next))).await(10, TimeUnit.SECONDS);
    assertEquals(java.util.List.of("ipvs: edit service TCP  198.18.0.1:80 wrr",
        "ipvs: edit 198.18.0.3:80 of TCP  198.18.0.1:80 weight 1 -> 4"), reloaded);
    assertEquals(before + 2, kernel.operations);
    service.stop().await(10, TimeUnit.SECONDS);
    assertNull(web());
    assertNotNull(kernel.table().services().get(Tables.FOREIGN));
  }

  @Test
  void aVirtualServerThatCannotBeProgrammedLeavesTheOthersRunning() throws Exception {
    MemoryKernel other = new MemoryKernel(LvsTable.EMPTY);
    String conf = CONF.replace("198.18.0.1 80", "198.18.0.7 80").replace("quorum 2", "persistence_timeout 60\n"
        // inet_aton's short form: keepalived's parser (and ours) let it through, the desired table cannot program it
        + "        persistence_granularity 255.255.0") + CONF.replace("198.18.0.1 80", "198.18.0.8 80");
    RunningService s = OnDemandService.start(vertx, "ipvs", context(Configs.parse(conf)), c -> true,
        ctx -> new IpvsVerticle(ctx, c -> other)).await(10, TimeUnit.SECONDS);
    assertEquals(java.util.List.of("TCP  198.18.0.8:80"),
        other.table().services().keySet().stream().map(Object::toString).toList());
    s.stop().await(10, TimeUnit.SECONDS);
  }
}
