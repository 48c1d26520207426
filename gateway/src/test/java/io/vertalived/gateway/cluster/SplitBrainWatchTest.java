package io.vertalived.gateway.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.Bus;
import io.vertalived.core.bus.BusCodecs;
import io.vertalived.core.bus.InstanceStatus;
import io.vertalived.core.bus.InstanceStatusList;
import io.vertalived.core.bus.NodeDirectory;
import io.vertalived.core.bus.NodeInfo;
import io.vertalived.core.bus.VrrpAlert;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster view's split brain: MASTERs of two nodes holding one address are found (pure), and
 * the watch raises a vip_conflict alert once, within a period of the nodes' answers saying it,
 * and clears it when one of them is BACKUP again.
 */
class SplitBrainWatchTest {
  private static final Instant T = Instant.parse("2026-12-01T18:00:00Z");
  private Vertx vertx;
  private volatile String lb2State = "BACKUP";

  private static InstanceStatus status(String node, String instance, String state, String... vips) {
    return new InstanceStatus(node, T, instance, state, 100, 100, 51, "eth0", "", List.of(vips), false, "", "", List.of());
  }

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    BusCodecs.register(vertx);
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void addressesHeldByMastersOfTwoNodesAreConflicts() {
    List<VipConflicts.Conflict> found = VipConflicts.find(List.of(
        status("lb1", "VI_1", "MASTER", "198.18.0.100/32", "198.18.0.101/32"),
        status("lb2", "VI_1", "MASTER", "198.18.0.100/32"),
        status("lb3", "VI_1", "BACKUP", "198.18.0.101/32"),
        status("lb1", "VI_2", "MASTER", "198.18.0.102/32"),
        status("lb1", "VI_3", "MASTER", "198.18.0.102/32")));
    assertEquals(1, found.size(), "one node holding an address twice is not a split brain: " + found);
    assertEquals("198.18.0.100", found.get(0).address());
    assertEquals(List.of("lb1/VI_1", "lb2/VI_1"), found.get(0).holders());
    assertEquals("198.18.0.100 is held by MASTERs of 2 nodes: lb1/VI_1, lb2/VI_1", found.get(0).describe());
  }

  @Test
  void theWatchRaisesOnceAndClears() throws Exception {
    Bus.answer(vertx, Addresses.NODE_DIRECTORY, q -> Future.succeededFuture(new NodeDirectory(List.of(
        new NodeInfo("lb1", "m1", "b1", List.of("vrrp"), "t", 3, T, "h1", 1),
        new NodeInfo("lb2", "m2", "b2", List.of("vrrp"), "t", 3, T, "h2", 2)))));
    Bus.answer(vertx, Addresses.VRRP_STATUS, "lb1", q -> Future.succeededFuture(new InstanceStatusList(List.of(
        status("lb1", "VI_1", "MASTER", "198.18.0.100/32")))));
    Bus.answer(vertx, Addresses.VRRP_STATUS, "lb2", q -> Future.succeededFuture(new InstanceStatusList(List.of(
        status("lb2", "VI_1", lb2State, "198.18.0.100/32")))));
    LinkedBlockingQueue<VrrpAlert> alerts = new LinkedBlockingQueue<>();
    Bus.consume(vertx, Addresses.VRRP_ALERT, alerts::add);
    vertx.deployVerticle(new SplitBrainWatch("gw", 50)).await(10, TimeUnit.SECONDS);

    lb2State = "MASTER";
    long since = System.nanoTime();
    VrrpAlert raised = alerts.poll(5, TimeUnit.SECONDS);
    assertTrue(raised != null && raised.active(), String.valueOf(raised));
    assertTrue(System.nanoTime() - since < 1_000_000_000L, "raised within a second");
    assertEquals(VrrpAlert.VIP_CONFLICT, raised.kind());
    assertEquals("VI_1", raised.instance());
    assertEquals("lb1,lb2", raised.peer());
    assertEquals("198.18.0.100 is held by MASTERs of 2 nodes: lb1/VI_1, lb2/VI_1", raised.detail());

    lb2State = "BACKUP";
    VrrpAlert cleared = alerts.poll(5, TimeUnit.SECONDS);
    assertFalse(cleared.active(), "cleared: " + cleared);
    assertEquals("198.18.0.100 is held by one node again", cleared.detail());
    assertTrue(alerts.isEmpty(), "raised once, cleared once: " + alerts);
  }
}
