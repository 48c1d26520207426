package io.vertalived.ipvs.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.Bus;
import io.vertalived.core.bus.BusCodecs;
import io.vertalived.core.bus.LvsChange;
import io.vertalived.core.bus.VrrpTransition;
import io.vertalived.core.config.model.KeepalivedConfig;
import io.vertalived.core.config.model.LvsSyncDaemon;
import io.vertalived.core.metrics.ProcessMetrics;
import io.vertalived.core.service.OnDemandService;
import io.vertalived.core.service.RunningService;
import io.vertalived.core.service.ServiceContext;
import io.vertalived.ipvs.Configs;
import io.vertalived.ipvs.kernel.SyncDaemonStatus;
import io.vertalived.ipvs.table.LvsTable;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** lvs_sync_daemon: the kernel's sync daemons follow the node's VRRP instance, as keepalived's vrrp process does. */
class SyncDaemonFollowerTest {
  private static final String INSTANCE = """
      vrrp_instance VI_1 {
        interface eth0
        virtual_router_id 51
        priority 100
        virtual_ipaddress {
          198.18.0.1
        }
      }
      virtual_server 198.18.0.1 80 {
        protocol TCP
        real_server 198.18.0.2 80 { }
      }
      """;

  private Vertx vertx;
  private final LinkedBlockingQueue<LvsChange> daemonChanges = new LinkedBlockingQueue<>();
  private final MemoryKernel kernel = new MemoryKernel(LvsTable.EMPTY);
  private long sequence;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    BusCodecs.register(vertx);
    ProcessMetrics.attach(vertx, ProcessMetrics.newRegistry());
    Bus.consume(vertx, Addresses.LVS_CHANGE, c -> {
      if (c.trigger().startsWith("sync daemon")) {
        daemonChanges.add(c);
      }
    });
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private RunningService start(String conf) throws Exception {
    return OnDemandService.start(vertx, "ipvs", context(Configs.parse(conf)), c -> true,
        ctx -> new IpvsVerticle(ctx, c -> kernel)).await(10, TimeUnit.SECONDS);
  }

  private static ServiceContext context(KeepalivedConfig c) {
    return new ServiceContext("n1", Path.of("/nonexistent/keepalived.conf"), c);
  }

  private LvsChange next() throws InterruptedException {
    LvsChange c = daemonChanges.poll(10, TimeUnit.SECONDS);
    assertNotNull(c, "no sync daemon change within 10 s");
    return c;
  }

  private void transition(String node, String to) {
    Bus.publish(vertx, Addresses.VRRP_TRANSITION, new VrrpTransition(node, "b", ++sequence, Instant.now(), "VI_1",
        false, "BACKUP", to, 100, "test"));
  }

  @Test
  void theDaemonsFollowTheInstance() throws Exception {
    RunningService s = start("global_defs {\n  lvs_sync_daemon eth0 VI_1 id 7 maxlen 1400 port 8849 ttl 2 group"
        + " 239.1.2.3\n}\n" + INSTANCE);
    // no vrrp service answers: BACKUP, as keepalived starts
    assertEquals(List.of("start backup sync daemon (mcast=eth0, syncid=7)"), next().operations());
    assertEquals(new SyncDaemonStatus(LvsSyncDaemon.BACKUP, "eth0", 7, 1400, 8849, 2,
        io.vertalived.core.config.model.IpAddress.parse("239.1.2.3").orElseThrow()), kernel.daemons.get(2));

    transition("n1", "MASTER");
    assertEquals(List.of("stop backup sync daemon", "start master sync daemon (mcast=eth0, syncid=7)"),
        next().operations(), "keepalived stops the backup daemon before it starts the master one");

    transition("n2", "FAULT"); // another node's instance of that name: not ours
    transition("n1", "FAULT");
    assertEquals(List.of("stop master sync daemon", "start backup sync daemon (mcast=eth0, syncid=7)"),
        next().operations());
    transition("n1", "BACKUP"); // FAULT -> BACKUP: the backup daemon runs already
    transition("n1", "MASTER");
    assertEquals(List.of("stop backup sync daemon", "start master sync daemon (mcast=eth0, syncid=7)"),
        next().operations());

    s.stop().await(10, TimeUnit.SECONDS);
    assertEquals(List.of("stop master sync daemon"), next().operations());
    assertEquals(List.of("start 2", "stop 2", "start 1", "stop 1", "start 2", "stop 2", "start 1", "stop 1"),
        kernel.daemonCommands);
    assertEquals(0, kernel.daemons.size());
  }

  @Test
  void withoutAnInstanceBothRunAndADaemonWithOtherSettingsIsRestarted() throws Exception {
    kernel.daemons.put(2, new SyncDaemonStatus(2, "eth0", 9, 0, 0, 0, null));
    RunningService s = start("global_defs {\n  lvs_sync_daemon eth0\n}\n" + INSTANCE);
    assertEquals(List.of("stop backup sync daemon", "start master sync daemon (mcast=eth0, syncid=0)",
        "start backup sync daemon (mcast=eth0, syncid=0)"), next().operations());
    transition("n1", "MASTER"); // not followed
    var reloaded = s.reload(context(Configs.parse(INSTANCE))).await(10, TimeUnit.SECONDS);
    assertNotNull(reloaded);
    assertEquals(List.of("stop master sync daemon", "stop backup sync daemon"), next().operations(),
        "lvs_sync_daemon gone from the configuration: its daemons stop");
    s.stop().await(10, TimeUnit.SECONDS);
    assertEquals(List.of("stop 2", "start 1", "start 2", "stop 1", "stop 2"), kernel.daemonCommands);
  }

  @Test
  void aReloadThatAddsTheDaemonAsksTheInstancesState() throws Exception {
    // the node's vrrp service: VI_1 is MASTER
    Bus.answer(vertx, Addresses.VRRP_STATUS, "n1", q -> io.vertx.core.Future.succeededFuture(
        new io.vertalived.core.bus.InstanceStatusList(List.of(new io.vertalived.core.bus.InstanceStatus("n1",
            Instant.now(), "VI_1", "MASTER", 100, 100, 51, "eth0", "198.18.0.1", List.of("198.18.0.1"), false, "",
            "", List.of(), false)))));
    RunningService s = start(INSTANCE);
    transition("n1", "MASTER"); // not followed yet: no lvs_sync_daemon
    s.reload(context(Configs.parse("global_defs {\n  lvs_sync_daemon eth0 VI_1\n}\n" + INSTANCE)))
        .await(10, TimeUnit.SECONDS);
    assertEquals(List.of("start master sync daemon (mcast=eth0, syncid=51)"), next().operations(),
        "the instance is MASTER: the master daemon, not keepalived's BACKUP of a first start");
    s.stop().await(10, TimeUnit.SECONDS);
  }

  @Test
  void withoutLvsSyncDaemonTheKernelsDaemonsAreSomeoneElses() throws Exception {
    kernel.daemons.put(1, new SyncDaemonStatus(1, "eth1", 3, 0, 0, 0, null));
    RunningService s = start(INSTANCE);
    transition("n1", "MASTER");
    s.stop().await(10, TimeUnit.SECONDS);
    assertEquals(List.of(), kernel.daemonCommands);
    assertEquals(1, kernel.daemons.size());
  }

  @Test
  void anInstanceThatDoesNotExistClearsTheDaemonAsKeepalivedDoes() {
    KeepalivedConfig c = Configs.parse("global_defs {\n  lvs_sync_daemon eth0 inst VI_9\n}\n" + INSTANCE);
    assertEquals(null, LvsSyncDaemon.of(c));
    assertEquals("Unable to find vrrp instance VI_9 for lvs_syncd - clearing lvs_syncd config",
        LvsSyncDaemon.missingInstance(c));
    assertEquals(51, LvsSyncDaemon.of(Configs.parse("global_defs {\n  lvs_sync_daemon eth0 inst VI_1\n}\n"
        + INSTANCE)).syncId(), "the sync id defaults to the instance's virtual_router_id");
  }
}
