package io.vertalived.vrrp.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.config.ConfigLoader;
import io.vertalived.core.config.keywords.HostFacts;
import io.vertalived.core.config.model.KeepalivedConfig;
import io.vertalived.core.config.model.VrrpInstance;
import io.vertalived.vrrp.protocol.VrrpState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner through its seams, on a virtual clock: a takeover, yielding to a higher priority,
 * a graceful stop, reloads that keep a MASTER and a BACKUP without a transition, a deletion,
 * and a sync group moving together.
 */
class InstanceRunnerTest {
  @TempDir
  Path dir;
  private final VirtualVrrpThread thread = new VirtualVrrpThread();

  private KeepalivedConfig config(String instances) throws Exception {
    return config(dir, instances);
  }

  /** {@code instances} under a global_defs of node n1 with interfaces eth0 and eth1, without a diagnostic. */
  static KeepalivedConfig config(Path dir, String instances) throws Exception {
    Path conf = dir.resolve("keepalived-" + System.nanoTime() + ".conf");
    Files.writeString(conf, "global_defs {\n router_id n1\n enable_script_security\n script_user root\n}\n" + instances);
    var loaded = ConfigLoader.load(conf, new ConfigLoader.Options("n1", false,
        HostFacts.fixed(Set.of("eth0", "eth1"), Set.of("root"), "n1")));
    assertNotNull(loaded.config(), loaded.diagnostics().toString());
    assertTrue(loaded.diagnostics().isEmpty(), loaded.diagnostics().toString());
    return loaded.config();
  }

  static String instance(String name, int vrid, int priority, String extra, String... vips) {
    return "vrrp_instance " + name + " {\n state BACKUP\n interface eth0\n virtual_router_id " + vrid
        + "\n priority " + priority + "\n advert_int 0.1\n version 3\n" + extra
        + " virtual_ipaddress {\n" + String.join("\n", java.util.Arrays.stream(vips).map(v -> "  " + v).toList())
        + "\n }\n}\n";
  }

  private record Running(InstanceRunner runner, FakeEffects fx) {}

  private Running start(VrrpInstance vi) {
    FakeEffects fx = new FakeEffects();
    InstanceRunner r = new InstanceRunner(vi, thread, fx.effects(Adverts.ip("198.18.0.1")));
    r.start();
    thread.runDue();
    return new Running(r, fx);
  }

  /** The advert as the kernel received it now. */
  private void receive(Running r, byte[] advert) {
    r.fx().receiver.received(io.vertalived.vrrp.packet.Ipv4Datagram.parse(advert, advert.length), thread.now());
  }

  @Test
  void aBackupTakesOverWhenTheMasterDownTimerExpires() throws Exception {
    Running r = start(config(instance("VI_1", 51, 100, "", "198.18.0.100/32")).vrrpInstances().get(0));
    assertEquals(List.of("leftovers", "open", "transition INIT->BACKUP 100"), r.fx().log);
    // Master_Down_Interval v3, 100 ms adverts, priority 100: 3 x 100 + (256 - 100) x 100 / 256 = 360.9 ms
    thread.advanceMillis(360);
    assertEquals(VrrpState.BACKUP, r.runner().machine().state());
    int at = r.fx().log.size();
    thread.advanceMillis(1);
    assertEquals(VrrpState.MASTER, r.runner().machine().state());
    // RFC 5798 6.4.2: an advert first, then the addresses, then gratuitous ARP, then the notifies
    assertEquals(List.of("advert 100", "add", "garp", "transition BACKUP->MASTER 100"), r.fx().since(at));
    assertEquals(1, r.runner().counters().snapshot().becomeMaster());
    thread.advanceMillis(100);
    assertEquals(List.of(100, 100), r.fx().adverts, "the Adver_Timer fires every 100 ms");
  }

  /** An instance whose source is its interface's address (interface 7 of the fake host), {@code atStart} or none. */
  private Running startFollowing(VrrpInstance vi, String atStart) {
    FakeEffects fx = new FakeEffects();
    InstanceRunner r = new InstanceRunner(vi, thread, fx.following(atStart == null ? null : Adverts.ip(atStart)));
    r.start();
    thread.runDue();
    return new Running(r, fx);
  }

  @Test
  void anInterfaceWithoutAddressHoldsTheInstanceInFaultUntilOneIsAdded() throws Exception {
    Running r = startFollowing(config(instance("VI_1", 51, 100, "", "198.18.0.100/32")).vrrpInstances().get(0), null);
    // keepalived: "(VI_1) entering FAULT state (no IPv4 address for interface)"; no socket without a source
    assertEquals(VrrpState.FAULT, r.runner().machine().state());
    assertFalse(r.fx().log.contains("open"), r.fx().log.toString());
    assertEquals("(none)", r.runner().snapshot("").source());
    thread.advanceMillis(1_000);
    assertEquals(List.of(), r.fx().adverts, "no advert from FAULT");

    r.runner().addressAdded(8, Adverts.ip("198.18.1.1"));   // another interface: nothing to do with it
    thread.runDue();
    assertEquals(VrrpState.FAULT, r.runner().machine().state());

    r.fx().interfaceAddress = Adverts.ip("198.18.0.1");
    int at = r.fx().log.size();
    r.runner().addressAdded(7, Adverts.ip("198.18.0.1"));
    thread.runDue();
    assertEquals(List.of("open", "transition FAULT->BACKUP 100"), r.fx().since(at));
    assertEquals("198.18.0.1", r.runner().snapshot("").source());
    thread.advanceMillis(361);
    assertEquals(VrrpState.MASTER, r.runner().machine().state());
    assertEquals(List.of(100), r.fx().adverts);
  }

  @Test
  void aDeletedSourceIsReplacedByAnotherAddressOfTheInterfaceOrTheInstanceGoesToFault() throws Exception {
    Running r = startFollowing(config(instance("VI_1", 51, 100, "", "198.18.0.100/32")).vrrpInstances().get(0),
        "198.18.0.1");
    thread.advanceMillis(361);
    assertEquals(VrrpState.MASTER, r.runner().machine().state());

    // another address is left: adverts from it, still MASTER, no transition
    r.fx().interfaceAddress = Adverts.ip("198.18.0.9");
    int at = r.fx().log.size();
    r.runner().addressRemoved(7, Adverts.ip("198.18.0.1"));
    thread.runDue();
    // (the fake's "readd": a MASTER checks whether a removed address was one of its VIPs)
    assertEquals(List.of("readd 198.18.0.1", "reopen 198.18.0.9"), r.fx().since(at));
    assertEquals(VrrpState.MASTER, r.runner().machine().state());
    assertEquals("198.18.0.9", r.runner().snapshot("").source());

    // a removal of an address that is not the source changes nothing
    r.runner().addressRemoved(7, Adverts.ip("198.18.0.77"));
    thread.runDue();
    assertEquals(List.of("readd 198.18.0.1", "reopen 198.18.0.9", "readd 198.18.0.77"), r.fx().since(at));

    // none left: priority 0 and the VIPs released as keepalived's down_instance, then FAULT
    r.fx().interfaceAddress = null;
    at = r.fx().log.size();
    r.runner().addressRemoved(7, Adverts.ip("198.18.0.9"));
    thread.runDue();
    assertEquals(VrrpState.FAULT, r.runner().machine().state());
    assertEquals(List.of("readd 198.18.0.9", "advert 0", "remove", "garp stop", "transition MASTER->FAULT 100"), r.fx().since(at));

    // an address comes back: up again as BACKUP
    r.fx().interfaceAddress = Adverts.ip("198.18.0.1");
    at = r.fx().log.size();
    r.runner().addressAdded(7, Adverts.ip("198.18.0.1"));
    thread.runDue();
    assertEquals(List.of("reopen 198.18.0.1", "transition FAULT->BACKUP 100"), r.fx().since(at));
  }

  @Test
  void socketsThatCannotBeOpenedOnTheNewSourceMeanFaultNotASilentMaster() throws Exception {
    Running r = startFollowing(config(instance("VI_1", 51, 100, "", "198.18.0.100/32")).vrrpInstances().get(0),
        "198.18.0.1");
    thread.advanceMillis(361);
    assertEquals(VrrpState.MASTER, r.runner().machine().state());
    r.fx().interfaceAddress = Adverts.ip("198.18.0.9");
    r.fx().reopenFails = true;
    r.runner().addressRemoved(7, Adverts.ip("198.18.0.1"));
    thread.runDue();
    assertEquals(VrrpState.FAULT, r.runner().machine().state());
    assertFalse(r.fx().addressesHeld, "a MASTER that cannot advertise releases its VIPs");
    // the next address event tries again
    r.fx().reopenFails = false;
    int at = r.fx().log.size();
    r.runner().addressAdded(7, Adverts.ip("198.18.0.10"));
    thread.runDue();
    assertEquals(List.of("reopen 198.18.0.9", "transition FAULT->BACKUP 100"), r.fx().since(at));
  }

  @Test
  void aConfiguredSourceIsNeverReplaced() throws Exception {
    Running r = start(config(instance("VI_1", 51, 100, "", "198.18.0.100/32")).vrrpInstances().get(0));
    int at = r.fx().log.size();
    r.runner().addressRemoved(0, Adverts.ip("198.18.0.1"));
    thread.runDue();
    assertEquals(List.of(), r.fx().since(at));
    assertEquals(VrrpState.BACKUP, r.runner().machine().state());
  }

  @Test
  void theMetersShowStatePriorityCountersTransitionsAndTheTakeoversSilence() throws Exception {
    var registry = new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
        io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
    Running r = start(config(instance("VI_1", 51, 100, "", "198.18.0.100/32")).vrrpInstances().get(0));
    InstanceMeters meters = new InstanceMeters(registry, "VI_1", name -> r.runner());
    r.runner().meters(meters);
    receive(r, Adverts.v3("198.18.0.2", 51, 150, 10, List.of("198.18.0.100")));
    // the master goes quiet: Master_Down_Interval 3 x 100 ms + (256 - 100) x 100 / 256 ms = 360.9 ms after its advert
    thread.advanceMillis(361);
    assertEquals(VrrpState.MASTER, r.runner().machine().state());
    String text = registry.scrape();
    assertTrue(text.contains("vertalived_vrrp_state{state=\"MASTER\",vrrp_instance=\"VI_1\"} 1"), text);
    assertTrue(text.contains("vertalived_vrrp_state{state=\"BACKUP\",vrrp_instance=\"VI_1\"} 0"), text);
    assertTrue(text.contains("vertalived_vrrp_priority{vrrp_instance=\"VI_1\"} 100"), text);
    assertTrue(text.contains("vertalived_vrrp_transitions_total{to=\"MASTER\",vrrp_instance=\"VI_1\"} 1"), text);
    assertTrue(text.contains("vertalived_vrrp_adverts_received_total{vrrp_instance=\"VI_1\"} 1"), text);
    assertTrue(text.contains("vertalived_vrrp_become_master_total{vrrp_instance=\"VI_1\"} 1"), text);
    assertTrue(text.contains("vertalived_vrrp_failover_seconds_count{vrrp_instance=\"VI_1\"} 1"), text);
    // the silence lasted the Master_Down_Interval: in the 0.5 s bucket, not in the 0.25 s one
    assertTrue(text.contains("vertalived_vrrp_failover_seconds_bucket{vrrp_instance=\"VI_1\",le=\"0.25\"} 0"), text);
    assertTrue(text.contains("vertalived_vrrp_failover_seconds_bucket{vrrp_instance=\"VI_1\",le=\"0.5\"} 1"), text);
    meters.close();
    assertFalse(registry.scrape().contains("vrrp_instance=\"VI_1\""), "a removed instance's series go");
  }

  @Test
  void aMasterThatKeepsHearingAnotherRouterRaisesADualMasterAlertAndClearsIt() throws Exception {
    Running r = start(config(instance("VI_1", 51, 100, "", "198.18.0.100/32")).vrrpInstances().get(0));
    thread.advanceMillis(400);
    assertEquals(VrrpState.MASTER, r.runner().machine().state());
    int at = r.fx().log.size();
    // a peer with another address list: refused, and it never hears a master it accepts either
    for (int i = 0; i < 3; i++) {
      receive(r, Adverts.v3("198.18.0.2", 51, 90, 10, List.of("198.18.0.199")));
      thread.advanceMillis(60);
    }
    List<String> alerts = r.fx().since(at).stream().filter(l -> l.startsWith("alert")).toList();
    assertEquals(1, alerts.size(), r.fx().since(at).toString());
    assertTrue(alerts.get(0).startsWith("alert 198.18.0.2 also advertises VRID 51 on eth0 while this router is MASTER"
        + " (adverts this router refuses"), alerts.get(0));
    assertTrue(r.runner().dualMaster());
    assertEquals(VrrpState.MASTER, r.runner().machine().state(), "an alert, not a transition");
    thread.advanceMillis(400);
    assertEquals(List.of("alert cleared no other router advertises VRID 51 any more"),
        r.fx().since(at).stream().filter(l -> l.startsWith("alert cleared")).toList());
    assertFalse(r.runner().dualMaster());
  }

  @Test
  void aMasterYieldsToAHigherPriorityWithoutAPriorityZeroAdvert() throws Exception {
    Running r = start(config(instance("VI_1", 51, 100, "", "198.18.0.100/32")).vrrpInstances().get(0));
    thread.advanceMillis(400);
    assertEquals(VrrpState.MASTER, r.runner().machine().state());
    int at = r.fx().log.size();
    receive(r, Adverts.v3("198.18.0.2", 51, 150, 10, List.of("198.18.0.100")));
    thread.runDue();
    assertEquals(VrrpState.BACKUP, r.runner().machine().state());
    assertEquals(List.of("remove", "garp stop", "transition MASTER->BACKUP 100"), r.fx().since(at));
    assertEquals(1, r.runner().counters().snapshot().releaseMaster());
  }

  @Test
  void aGracefulStopSendsPriorityZeroReleasesTheAddressesNotifiesStopAndCloses() throws Exception {
    Running r = start(config(instance("VI_1", 51, 100, "", "198.18.0.100/32")).vrrpInstances().get(0));
    thread.advanceMillis(400);
    int at = r.fx().log.size();
    var stopped = r.runner().stop();
    thread.runDue();
    assertTrue(stopped.succeeded());
    assertEquals(List.of("advert 0", "remove", "garp stop", "transition MASTER->STOP 100", "close"), r.fx().since(at));
    assertEquals(1, r.runner().counters().snapshot().priZeroSent());
    thread.advanceMillis(1_000);
    assertEquals(List.of(100, 0), r.fx().adverts, "nothing after the stop");
  }

  @Test
  void aResignationOnSigtermSendsPriorityZeroAtOnceAndTheLaterStopOnlyCloses() throws Exception {
    Running master = start(config(instance("VI_1", 51, 100, "", "198.18.0.100/32")).vrrpInstances().get(0));
    thread.advanceMillis(400);
    int at = master.fx().log.size();
    master.runner().resign();
    assertEquals(List.of("advert 0", "remove", "garp stop", "transition MASTER->STOP 100"), master.fx().since(at),
        "on the calling (VRRP) thread, before anything else");
    receive(master, Adverts.v3("198.18.0.2", 51, 150, 10, List.of("198.18.0.100")));
    thread.advanceMillis(1_000);
    at = master.fx().log.size();
    var stopped = master.runner().stop();
    thread.runDue();
    assertTrue(stopped.succeeded());
    assertEquals(List.of("close"), master.fx().since(at), "one priority-0 advert, and nothing after the resignation");
    assertEquals(List.of(100, 0), master.fx().adverts, "its first advert as MASTER, then priority 0");
  }

  @Test
  void aMasterProbesItsVipsAndAnotherHolderIsAnAlertUntilItFallsQuiet() throws Exception {
    Running r = start(config(instance("VI_1", 51, 100, "", "198.18.0.100/32", "198.18.0.101/32 dev eth1"))
        .vrrpInstances().get(0));
    assertTrue(r.fx().log.stream().noneMatch(l -> l.startsWith("probe")), "a BACKUP does not probe");
    thread.advanceMillis(400);
    assertTrue(r.fx().log.contains("transition BACKUP->MASTER 100") && !r.fx().log.contains("probe 198.18.0.100"),
        "not at once: the master it replaced may still hold the VIP a moment (a handover's linger)");
    int at = r.fx().log.size();
    r.fx().replies.heard(addr("198.18.0.100"), "02:00:00:00:00:b2"); // the predecessor, still holding it
    thread.advanceMillis(500);
    assertTrue(r.fx().log.contains("probe 198.18.0.100") && !r.fx().log.contains("probe 198.18.0.101"),
        "half a second after becoming MASTER, on its interface only: " + r.fx().log);
    assertTrue(onlyAlerts(r.fx().since(at)).isEmpty(), "a reply before the first probe is no conflict yet");
    r.fx().replies.heard(addr("198.18.0.100"), "02:00:00:00:00:01"); // our own MAC
    r.fx().replies.heard(addr("198.18.0.7"), "02:00:00:00:00:b1"); // not a VIP
    r.fx().replies.heard(addr("198.18.0.100"), "02:00:00:00:00:b1");
    thread.runDue();
    assertTrue(onlyAlerts(r.fx().since(at)).isEmpty(),
        "not before this router stayed MASTER an advert interval: a preempting peer answers just before its advert");
    thread.advanceMillis(100);
    assertEquals(List.of("alert duplicate_vip 198.18.0.100 is also answered for by 02:00:00:00:00:b1 on eth0: another"
        + " host still holds this VIP (a crashed router whose kernel kept it?)"), onlyAlerts(r.fx().since(at)));
    assertTrue(r.runner().duplicateAddress());
    thread.advanceMillis(5_000);
    assertTrue(r.fx().since(at).contains("probe 198.18.0.100"), "every 5 s");
    thread.advanceMillis(10_000);
    assertEquals(List.of("alert cleared duplicate_vip 02:00:00:00:00:b1 no longer answers for 198.18.0.100"),
        onlyAlerts(r.fx().since(at)).subList(1, 2), "two probes unanswered");
    assertTrue(!r.runner().duplicateAddress());
  }

  @Test
  void aPreemptingPeerThatAnswersForTheVipsJustBeforeItsAdvertIsNoConflict() throws Exception {
    Running r = start(config(instance("VI_1", 51, 100, "", "198.18.0.100/32")).vrrpInstances().get(0));
    thread.advanceMillis(1_000); // MASTER, its first probe sent
    assertTrue(r.fx().log.contains("probe 198.18.0.100"), r.fx().log.toString());
    int at = r.fx().log.size();
    r.fx().replies.heard(addr("198.18.0.100"), "02:00:00:00:00:b3"); // the peer's gratuitous ARP
    thread.advanceMillis(20);
    receive(r, Adverts.v3("198.18.0.2", 51, 150, 10, List.of("198.18.0.100"))); // then its advert
    thread.advanceMillis(200); // past the confirmation time, within the new master's Master_Down_Interval
    assertEquals(VrrpState.BACKUP, r.runner().machine().state());
    assertTrue(onlyAlerts(r.fx().since(at)).isEmpty(), "a handover, not a duplicate: " + r.fx().since(at));
    assertTrue(!r.runner().duplicateAddress());
  }

  private static List<String> onlyAlerts(List<String> log) {
    return log.stream().filter(l -> l.startsWith("alert")).toList();
  }

  private static java.net.InetAddress addr(String a) throws Exception {
    return java.net.InetAddress.getByName(a);
  }

  @Test
  void aResignedBackupNeverTakesOverWhileTheRestStops() throws Exception {
    Running backup = start(config(instance("VI_1", 51, 100, "", "198.18.0.100/32")).vrrpInstances().get(0));
    backup.runner().resign();
    thread.advanceMillis(2_000);
    assertTrue(backup.fx().adverts.isEmpty(), backup.fx().log.toString());
    assertTrue(backup.fx().log.contains("transition BACKUP->STOP 100"), backup.fx().log.toString());
  }

  @Test
  void aReloadKeepsAMasterMasterAdvertisesItsNewPriorityAtOnceAndAppliesTheNewVips() throws Exception {
    Running r = start(config(instance("VI_1", 51, 100, "", "198.18.0.100/32")).vrrpInstances().get(0));
    thread.advanceMillis(400);
    int at = r.fx().log.size();
    VrrpInstance next = config(instance("VI_1", 51, 120, "", "198.18.0.100/32", "198.18.0.101/32")).vrrpInstances().get(0);
    List<String> changes = r.runner().reconfigure(next, List.of());
    assertEquals(List.of("priority 100 -> 120", "virtual_ipaddress +198.18.0.101/32"), changes);
    assertEquals(VrrpState.MASTER, r.runner().machine().state());
    assertEquals(120, r.runner().machine().effectivePriority());
    // no transition, no takeover: the differences while held, and one advert at the new priority
    assertEquals(List.of("adverts reconfigure", "garp reconfigure", "reconfigure held 2 VIPs", "advert 120"), r.fx().since(at));
    assertEquals(1, r.runner().counters().snapshot().becomeMaster(), "counters survive a reload");
    thread.advanceMillis(100);
    assertEquals(120, r.fx().adverts.get(r.fx().adverts.size() - 1));
  }

  @Test
  void aReloadThatChangesNothingDoesNothing() throws Exception {
    String conf = instance("VI_1", 51, 100, "", "198.18.0.100/32");
    Running r = start(config(conf).vrrpInstances().get(0));
    thread.advanceMillis(100);
    int at = r.fx().log.size();
    assertEquals(List.of(), r.runner().reconfigure(config(conf).vrrpInstances().get(0), List.of()));
    thread.advanceMillis(100);
    assertEquals(List.of(), r.fx().since(at));
    assertEquals(VrrpState.BACKUP, r.runner().machine().state());
  }

  @Test
  void aReloadKeepsABackupBackupAndRestartsItsDownTimerWithTheNewInterval() throws Exception {
    Running r = start(config(instance("VI_1", 51, 100, "", "198.18.0.100/32")).vrrpInstances().get(0));
    receive(r, Adverts.v3("198.18.0.2", 51, 150, 10, List.of("198.18.0.100")));
    thread.advanceMillis(300);
    int at = r.fx().log.size();
    VrrpInstance next = config(instance("VI_1", 51, 100, "", "198.18.0.100/32").replace("advert_int 0.1", "advert_int 1"))
        .vrrpInstances().get(0);
    assertEquals(List.of("advert_int 0.1 -> 1.0"), r.runner().reconfigure(next, List.of()));
    assertEquals(List.of("adverts reconfigure", "garp reconfigure", "reconfigure not held 1 VIPs", "kept BACKUP"),
        r.fx().since(at));
    // the master goes quiet: the new Master_Down_Interval is 3 x 1 s + 609 ms
    thread.advanceMillis(3_600);
    assertEquals(VrrpState.BACKUP, r.runner().machine().state());
    thread.advanceMillis(10);
    assertEquals(VrrpState.MASTER, r.runner().machine().state());
  }

  @Test
  void aDeletedMasterSendsPriorityZeroReleasesAndNotifiesFaultOrDeleted() throws Exception {
    Running r = start(config(instance("VI_1", 51, 100, "", "198.18.0.100/32")).vrrpInstances().get(0));
    thread.advanceMillis(400);
    int at = r.fx().log.size();
    r.runner().delete();
    thread.runDue();
    assertEquals(List.of("advert 0", "remove", "garp stop", "transition MASTER->FAULT 100", "close"), r.fx().since(at));

    Running d = start(config(instance("VI_2", 52, 100, " notify_deleted /bin/true\n", "198.18.0.102/32"))
        .vrrpInstances().get(0));
    at = d.fx().log.size();
    d.runner().delete();
    thread.runDue();
    assertEquals(List.of("transition BACKUP->DELETED 100", "close"), d.fx().since(at));
  }

  @Test
  void syncGroupMembersMoveTogetherAndTheGroupNotifiesOnce() throws Exception {
    KeepalivedConfig c = config(instance("VI_1", 51, 100, "", "198.18.0.100/32")
        + instance("VI_2", 52, 100, "", "198.18.0.102/32")
        + "vrrp_sync_group G1 {\n group {\n  VI_1\n  VI_2\n }\n}\n");
    Running a = start(c.vrrpInstances().get(0));
    Running b = start(c.vrrpInstances().get(1));
    Map<String, InstanceRunner> runners = runners(a, b);
    List<String> groupLog = new java.util.ArrayList<>();
    GroupNotifies notifies = new GroupNotifies() {
      @Override
      public void transition(io.vertalived.core.config.model.VrrpSyncGroup group, VrrpState to) {
        groupLog.add(group.name() + " " + to);
      }

      @Override
      public void keptAtReload(io.vertalived.core.config.model.VrrpSyncGroup group, VrrpState state) {
        groupLog.add(group.name() + " kept " + state);
      }
    };
    SyncGroups groups = SyncGroups.build(c.syncGroups(), runners, thread, notifies, (g, change) -> { }, null);
    thread.advanceMillis(400);
    assertEquals(VrrpState.MASTER, a.runner().machine().state());
    assertEquals(VrrpState.MASTER, b.runner().machine().state());
    assertEquals(List.of("G1 MASTER"), groupLog);
    // VI_2 hears a higher priority: the group yields as one
    receive(b, Adverts.v3("198.18.0.2", 52, 200, 10, List.of("198.18.0.102")));
    thread.runDue();
    assertEquals(VrrpState.BACKUP, b.runner().machine().state());
    assertEquals(VrrpState.BACKUP, a.runner().machine().state(), "VI_1 follows VI_2 to BACKUP");
    assertEquals(List.of("G1 MASTER", "G1 BACKUP"), groupLog);
    assertEquals(List.of("VI_1", "VI_2"), groups.members("VI_1"));
    // a reload rebuilds the group over the same members: its state stays, and no notify
    SyncGroups.build(c.syncGroups(), runners, thread, notifies, (g, change) -> { }, groups);
    assertEquals(List.of("G1 MASTER", "G1 BACKUP", "G1 kept BACKUP"), groupLog);
    assertFalse(a.fx().transitions.contains("BACKUP->FAULT"));
  }

  private static TrackResultsHolder track(String name, boolean up) {
    return new TrackResultsHolder(new io.vertalived.core.bus.TrackResult("n1", "b", 1, java.time.Instant.now(), "script",
        name, up, 0, up ? "exit 0" : "exit 1"));
  }

  private record TrackResultsHolder(io.vertalived.core.bus.TrackResult result) {}

  @Test
  void aTrackerAReloadAddsToAKeptMasterStartsFromTheNodesLatestResult() throws Exception {
    String script = "vrrp_script chk {\n script /bin/true\n}\n";
    Running r = start(config(script + instance("VI_1", 51, 100, "", "198.18.0.100/32")).vrrpInstances().get(0));
    thread.advanceMillis(400);
    assertEquals(VrrpState.MASTER, r.runner().machine().state());
    VrrpInstance next = config(script + instance("VI_1", 51, 100, " track_script {\n  chk\n }\n", "198.18.0.100/32"))
        .vrrpInstances().get(0);
    r.runner().reconfigure(next, List.of(track("chk", true).result()));
    thread.advanceMillis(100);
    assertEquals(VrrpState.MASTER, r.runner().machine().state(), "chk is up on this node: no FAULT");
    assertFalse(r.fx().transitions.contains("MASTER->FAULT"), r.fx().transitions.toString());
  }

  @Test
  void aGroupInFaultRebuiltByAReloadLeavesFaultWhenItsMemberRecovers() throws Exception {
    String defs = "vrrp_script chk {\n script /bin/true\n}\n"
        + instance("VI_1", 51, 100, " track_script {\n  chk\n }\n", "198.18.0.100/32")
        + instance("VI_2", 52, 100, "", "198.18.0.102/32")
        + "vrrp_sync_group G1 {\n group {\n  VI_1\n  VI_2\n }\n}\n";
    KeepalivedConfig c = config(defs);
    Running a = start(c.vrrpInstances().get(0));
    Running b = start(c.vrrpInstances().get(1));
    // a script that has not reported yet holds its instance in FAULT; its first success lets it go
    a.runner().trackResult(io.vertalived.vrrp.protocol.TrackedPriority.Kind.SCRIPT, "chk", true, 0);
    thread.runDue();
    assertEquals(VrrpState.BACKUP, a.runner().machine().state());
    Map<String, InstanceRunner> runners = runners(a, b);
    SyncGroups groups = SyncGroups.build(c.syncGroups(), runners, thread, QUIET, (g, x) -> { }, null);
    a.runner().trackResult(io.vertalived.vrrp.protocol.TrackedPriority.Kind.SCRIPT, "chk", false, 0);
    thread.runDue();
    assertEquals(VrrpState.FAULT, a.runner().machine().state());
    assertEquals(VrrpState.FAULT, b.runner().machine().state(), "VI_2 follows its group into FAULT");
    // a reload that changes neither rebuilds the group over the same machines
    groups = SyncGroups.build(c.syncGroups(), runners, thread, QUIET, (g, x) -> { }, groups);
    a.runner().trackResult(io.vertalived.vrrp.protocol.TrackedPriority.Kind.SCRIPT, "chk", true, 0);
    thread.runDue();
    assertEquals(VrrpState.BACKUP, a.runner().machine().state());
    assertEquals(VrrpState.BACKUP, b.runner().machine().state(), "the group lets VI_2 go when VI_1 recovers");
    thread.advanceMillis(400);
    assertEquals(VrrpState.MASTER, a.runner().machine().state());
    assertEquals(VrrpState.MASTER, b.runner().machine().state());
  }

  /** A sync group's notifies nobody listens to. */
  private static final GroupNotifies QUIET = new GroupNotifies() {
    @Override
    public void transition(io.vertalived.core.config.model.VrrpSyncGroup group, VrrpState to) {
    }

    @Override
    public void keptAtReload(io.vertalived.core.config.model.VrrpSyncGroup group, VrrpState state) {
    }
  };

  /** VI_1 and VI_2's runners, by name, for {@link SyncGroups#build}. */
  private static Map<String, InstanceRunner> runners(Running a, Running b) {
    Map<String, InstanceRunner> runners = new java.util.LinkedHashMap<>();
    runners.put("VI_1", a.runner());
    runners.put("VI_2", b.runner());
    return runners;
  }

  @Test
  void aMemberInFaultByItsGroupThatFailsOnItsOwnHoldsTheGroupInFault() throws Exception {
    String defs = "vrrp_script chk1 {\n script /bin/true\n}\nvrrp_script chk2 {\n script /bin/true\n}\n"
        + instance("VI_1", 51, 100, " track_script {\n  chk1\n }\n", "198.18.0.100/32")
        + instance("VI_2", 52, 100, " track_script {\n  chk2\n }\n", "198.18.0.102/32")
        + "vrrp_sync_group G1 {\n group {\n  VI_1\n  VI_2\n }\n}\n";
    KeepalivedConfig c = config(defs);
    Running a = start(c.vrrpInstances().get(0));
    Running b = start(c.vrrpInstances().get(1));
    var script = io.vertalived.vrrp.protocol.TrackedPriority.Kind.SCRIPT;
    a.runner().trackResult(script, "chk1", true, 0);
    b.runner().trackResult(script, "chk2", true, 0);
    thread.runDue();
    Map<String, InstanceRunner> runners = runners(a, b);
    SyncGroups.build(c.syncGroups(), runners, thread, QUIET, (g, x) -> { }, null);
    a.runner().trackResult(script, "chk1", false, 0);
    thread.runDue();
    assertEquals(VrrpState.FAULT, b.runner().machine().state(), "VI_2 follows its group into FAULT");
    // VI_2's own script fails while it is in FAULT already: no transition, but the group must know
    b.runner().trackResult(script, "chk2", false, 0);
    thread.runDue();
    a.runner().trackResult(script, "chk1", true, 0);
    thread.runDue();
    assertEquals(VrrpState.FAULT, b.runner().machine().state(), "its own script holds it");
    assertEquals(VrrpState.FAULT, a.runner().machine().state(), "VI_2's fault holds the group");
    b.runner().trackResult(script, "chk2", true, 0);
    thread.runDue();
    assertEquals(VrrpState.BACKUP, a.runner().machine().state());
    assertEquals(VrrpState.BACKUP, b.runner().machine().state());
  }
}
