package io.vertalived.vrrp.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.Bus;
import io.vertalived.core.bus.BusCodecs;
import io.vertalived.core.bus.InstanceQuery;
import io.vertalived.core.bus.InstanceStatus;
import io.vertalived.core.bus.VrrpTransition;
import io.vertalived.core.config.ConfigLoader;
import io.vertalived.core.config.keywords.HostFacts;
import io.vertalived.core.service.OnDemandService;
import io.vertalived.core.service.RunningService;
import io.vertalived.core.service.ServiceContext;
import io.vertalived.vrrp.protocol.VrrpState;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The VRRP service through its host seam: instances start, take over and publish their
 * transitions; status answers; a reload keeps a changed instance without a transition, deletes a
 * removed one before the host's set-up changes and starts a new one; a stop ends them all.
 */
class VrrpVerticleTest {
  @TempDir
  Path dir;
  private Vertx vertx;
  private final FakeHost host = new FakeHost();
  private final List<VrrpTransition> published = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    BusCodecs.register(vertx);
    Bus.consume(vertx, Addresses.VRRP_TRANSITION, published::add).completion().await(5, TimeUnit.SECONDS);
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private ServiceContext context(String instances) throws Exception {
    Path conf = dir.resolve("keepalived.conf");
    Files.writeString(conf, "global_defs {\n router_id n1\n enable_script_security\n script_user root\n}\n" + instances);
    var loaded = ConfigLoader.load(conf, new ConfigLoader.Options("n1", false,
        HostFacts.fixed(Set.of("eth0"), Set.of("root"), "n1")));
    assertNotNull(loaded.config(), loaded.diagnostics().toString());
    return new ServiceContext("n1", conf, loaded.config());
  }

  private RunningService start(ServiceContext ctx) throws Exception {
    return host.await(OnDemandService.start(vertx, "vrrp", ctx, c -> !c.vrrpInstances().isEmpty(),
        c -> new VrrpVerticle(c, v -> host)));
  }

  private void awaitPublished(int n) throws Exception {
    long until = System.nanoTime() + 5_000_000_000L;
    while (published.size() < n && System.nanoTime() < until) {
      host.thread.runDue();
      Thread.onSpinWait();
    }
    assertTrue(published.size() >= n, "published " + published);
  }

  @Test
  void instancesStartTakeOverPublishAndAnswerStatus() throws Exception {
    RunningService vrrp = start(context(InstanceRunnerTest.instance("VI_1", 51, 100, "", "198.18.0.100/32")));
    assertEquals(List.of("setUp [VI_1]", "effects VI_1"), host.log);
    awaitPublished(1);
    host.thread.advanceMillis(400);
    awaitPublished(2);
    VrrpTransition t = published.get(1);
    assertEquals("VI_1", t.instance());
    assertEquals("BACKUP", t.from());
    assertEquals("MASTER", t.to());
    assertEquals(published.get(0).boot(), t.boot());
    assertEquals(published.get(0).sequence() + 1, t.sequence());
    InstanceStatus s = host.await(Bus.request(vertx, Addresses.VRRP_STATUS, "n1", InstanceQuery.ALL, 5_000))
        .instances().get(0);
    assertEquals("MASTER", s.state());
    assertEquals(List.of("198.18.0.100/32"), s.virtualIpAddresses());
    assertEquals("", s.syncGroup());
    assertEquals(List.of(new io.vertalived.core.bus.TrackerStatus("interface", "eth0", 0, false, "up", 1)), s.trackers(),
        "its own interface is tracked, as keepalived's is");
    host.await(vrrp.stop());
    assertTrue(host.effects.get("VI_1").log.containsAll(List.of("advert 0", "remove", "close")));
    assertEquals("tearDown", host.log.get(host.log.size() - 1));
  }

  @Test
  void theStatusShowsEachTrackerWithItsWeightAndState() throws Exception {
    RunningService vrrp = start(context("vrrp_script chk {\n script \"/bin/true\"\n}\n"
        + InstanceRunnerTest.instance("VI_1", 51, 100, " track_script {\n  chk weight -20\n }\n", "198.18.0.100/32")));
    List<io.vertalived.core.bus.TrackerStatus> before = host.await(Bus.request(vertx, Addresses.VRRP_STATUS, "n1",
        InstanceQuery.ALL, 5_000)).instances().get(0).trackers();
    assertEquals(new io.vertalived.core.bus.TrackerStatus("script", "chk", -20, false, "unknown", 0), before.get(0));
    Bus.publish(vertx, Addresses.TRACK_RESULT, "n1", new io.vertalived.core.bus.TrackResult("n1", "b", 1,
        java.time.Instant.now(), "script", "chk", false, 0, "exit 1"));
    long until = System.nanoTime() + 5_000_000_000L;
    InstanceStatus s;
    do {
      host.thread.runDue();
      s = host.await(Bus.request(vertx, Addresses.VRRP_STATUS, "n1", InstanceQuery.ALL, 5_000)).instances().get(0);
    } while (!s.trackers().get(0).state().equals("down") && System.nanoTime() < until);
    assertEquals("down", s.trackers().get(0).state());
    assertEquals(80, s.effectivePriority(), "a down script of weight -20 takes 20 off");
    host.await(vrrp.stop());
  }

  @Test
  void aReloadKeepsChangesDeletesAndAddsInstances() throws Exception {
    RunningService vrrp = start(context(InstanceRunnerTest.instance("VI_1", 51, 100, "", "198.18.0.100/32")
        + InstanceRunnerTest.instance("VI_2", 52, 100, "", "198.18.0.102/32")));
    host.thread.advanceMillis(400);
    awaitPublished(4);
    FakeEffects vi1 = host.effects.get("VI_1");
    FakeEffects vi2 = host.effects.get("VI_2");
    int published1 = published.size();
    List<String> changes = host.await(vrrp.reload(context(
        InstanceRunnerTest.instance("VI_1", 51, 150, "", "198.18.0.100/32")
            + InstanceRunnerTest.instance("VI_3", 53, 100, "", "198.18.0.103/32"))));
    assertEquals(List.of("VRRP instance VI_2 removed", "VI_1: priority 100 -> 150", "VRRP instance VI_3 added"), changes);
    // VI_2 was deleted before the host changed and VI_3 came
    assertTrue(vi2.log.containsAll(List.of("advert 0", "remove", "transition MASTER->FAULT 100", "close")), vi2.log.toString());
    List<String> order = host.log;
    assertTrue(order.indexOf("reconfigure [VI_1, VI_3]") < order.indexOf("effects VI_3"), order.toString());
    // VI_1 kept its runner, its state and its addresses, and advertised its new priority at once
    assertSame(vi1, host.effects.get("VI_1"));
    assertTrue(vi1.log.contains("reconfigure held 1 VIPs"), vi1.log.toString());
    assertEquals(150, vi1.adverts.get(vi1.adverts.size() - 1));
    assertTrue(vi1.transitions.stream().noneMatch(t -> t.startsWith("MASTER->")), vi1.transitions.toString());
    awaitPublished(published1 + 2);
    List<String> after = published.subList(published1, published.size()).stream()
        .map(t -> t.instance() + " " + t.from() + "->" + t.to()).toList();
    assertTrue(after.contains("VI_2 MASTER->FAULT"), after.toString());
    assertTrue(after.contains("VI_3 INIT->BACKUP"), after.toString());
    assertTrue(after.stream().noneMatch(x -> x.startsWith("VI_1")), after.toString());
    FakeEffects vi3 = host.effects.get("VI_3");
    assertNotSame(vi2, vi3);
    host.thread.advanceMillis(400);
    assertEquals(VrrpState.MASTER.name(), host.await(Bus.request(vertx, Addresses.VRRP_STATUS, "n1",
        new InstanceQuery("VI_3"), 5_000)).instances().get(0).state());
    host.await(vrrp.stop());
  }

  @Test
  void removingASyncGroupMemberLeavesTheOthersAlone() throws Exception {
    String vi1 = InstanceRunnerTest.instance("VI_1", 51, 100, "", "198.18.0.100/32");
    String vi2 = InstanceRunnerTest.instance("VI_2", 52, 100, "", "198.18.0.102/32");
    RunningService vrrp = start(context(vi1 + vi2 + "vrrp_sync_group G1 {\n group {\n  VI_1\n  VI_2\n }\n}\n"));
    host.thread.advanceMillis(400);
    awaitPublished(4);
    InstanceStatus grouped = host.await(Bus.request(vertx, Addresses.VRRP_STATUS, "n1", new InstanceQuery("VI_1"), 5_000))
        .instances().get(0);
    assertEquals("G1", grouped.syncGroup());
    assertEquals("MASTER", grouped.syncGroupState());
    FakeEffects fx1 = host.effects.get("VI_1");
    int before = fx1.log.size();
    List<String> changes = host.await(vrrp.reload(context(vi1)));
    // the new configuration has neither VI_2 nor the group
    assertEquals(List.of("VRRP instance VI_2 removed", "VI_1: sync_group G1 -> (none)"), changes);
    assertEquals("", host.await(Bus.request(vertx, Addresses.VRRP_STATUS, "n1", new InstanceQuery("VI_1"), 5_000))
        .instances().get(0).syncGroup(), "no group after the reload");
    host.thread.advanceMillis(400);
    List<String> after = fx1.since(before);
    assertTrue(after.stream().noneMatch(l -> l.startsWith("transition") || l.equals("remove") || l.equals("advert 0")),
        "VI_1 is not touched by its group member's removal: " + after);
    assertEquals("MASTER", host.await(Bus.request(vertx, Addresses.VRRP_STATUS, "n1", new InstanceQuery("VI_1"), 5_000))
        .instances().get(0).state());
    host.await(vrrp.stop());
  }
}
