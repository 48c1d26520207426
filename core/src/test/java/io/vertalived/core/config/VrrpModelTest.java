package io.vertalived.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.config.model.GlobalDefs;
import io.vertalived.core.config.model.Tracker;
import io.vertalived.core.config.model.VirtualAddress;
import io.vertalived.core.config.model.VrrpInstance;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** global_defs, vrrp_instance, trackers and sync groups: every keyword family and its default. */
class VrrpModelTest {
  @TempDir
  Path dir;

  private ConfigLoader.Result load(String text) {
    return new Configs(dir).load(text);
  }

  private VrrpInstance instance(String body) {
    var r = load(Configs.instance(body));
    assertEquals(1, r.config().vrrpInstances().size(), r.diagnostics().toString());
    return r.config().vrrpInstances().get(0);
  }

  @Test
  void globalDefaults() {
    GlobalDefs g = load("").config().global();
    assertEquals("testhost", g.routerId());
    assertEquals("keepalived@testhost", g.notificationEmailFrom());
    assertEquals(30, g.smtpConnectTimeout());
    assertEquals(25, g.smtpPort());
    assertEquals(2, g.vrrpVersion());
    assertEquals("224.0.0.18", g.vrrpMcastGroup4().toString());
    assertEquals(5.0, g.garp().masterDelay());
    assertEquals(5, g.garp().masterRepeat());
    assertEquals(0.0, g.garp().masterRefresh());
    assertEquals(1, g.garp().masterRefreshRepeat());
    assertEquals(5.0, g.garp().lowerPrioDelay());
    assertEquals(5, g.garp().lowerPrioRepeat());
    assertEquals(0.0, g.garp().interval());
    assertEquals(3, g.vrrpDownTimerAdverts());
    assertEquals("eth0", g.defaultInterface());
    assertFalse(g.vrrpStrict());
    assertFalse(g.vrrpLowerPrioNoAdvert());
    assertFalse(g.enableScriptSecurity());
    assertNull(g.smtpAlert());
    assertEquals(new GlobalDefs.Nftables("keepalived", -1, false), g.nftables(), "keepalived 2.2.7 as Debian builds it");
  }

  @Test
  void globalKeywords() {
    var r = load("""
        global_defs {
          router_id R1
          notification_email {
            a@example.test
            "Ops <ops@example.test>"
          }
          smtp_server 127.0.0.1 2525
          smtp_connect_timeout 0
          vrrp_version 3
          vrrp_mcast_group4 224.0.0.19
          vrrp_garp_master_delay 1
          vrrp_garp_master_repeat 0
          vrrp_garp_interval 0.001
          vrrp_strict
          vrrp_down_timer_adverts 4
          lvs_timeouts tcp 900 udp 30
          notify_fifo /run/k.fifo
          script_user nobody nogroup
          enable_script_security
          smtp_alert yes
          enable_snmp_vrrp
          nftables vrrp_fw
          nftables_priority -150
          nftables_counters
        }
        """);
    GlobalDefs g = r.config().global();
    assertEquals(new GlobalDefs.Nftables("vrrp_fw", -150, true), g.nftables());
    assertEquals("R1", g.routerId());
    assertEquals(List.of("a@example.test", "Ops <ops@example.test>"), g.notificationEmail());
    assertEquals(2525, g.smtpPort());
    assertEquals(1, g.smtpConnectTimeout(), "0 becomes 1 with a warning");
    assertEquals(3, g.vrrpVersion());
    assertEquals("224.0.0.19", g.vrrpMcastGroup4().toString());
    assertEquals(1.0, g.garp().masterDelay());
    assertEquals(1, g.garp().masterRepeat(), "repeat 0 is set to 1");
    assertEquals(0.001, g.garp().interval());
    assertTrue(g.vrrpStrict());
    assertEquals(0, g.garp().lowerPrioRepeat(), "strict mode: lower-prio GARP off");
    assertTrue(g.vrrpLowerPrioNoAdvert(), "strict mode: lower_prio_no_advert");
    assertEquals(4, g.vrrpDownTimerAdverts());
    assertEquals(900, g.lvsTimeouts().get("tcp"));
    assertEquals("/run/k.fifo", g.notifyFifo().path());
    assertEquals("nobody", g.scriptUser());
    assertEquals("nogroup", g.scriptGroup());
    assertTrue(g.enableScriptSecurity());
    assertTrue(g.smtpAlert());
    assertTrue(g.otherKeywords().containsKey("enable_snmp_vrrp"));
  }

  @Test
  void useVmacNamesTheInterfaceAfterTheVridWhereverItIsWritten() {
    var r = load("global_defs {\n vmac_prefix vr\n}\nvrrp_instance VI_1 {\n use_vmac\n interface eth0\n"
        + " virtual_router_id 51\n virtual_ipaddress {\n  198.18.0.1\n }\n}\n"
        + "vrrp_instance VI_2 {\n interface eth0\n virtual_router_id 52\n use_vmac name vip52 00:00:5e:00:01:99\n"
        + " virtual_ipaddress {\n  198.18.0.2\n }\n}\n");
    assertEquals("vr.51", r.config().vrrpInstances().get(0).vmacInterface(), "default name: vmac_prefix.VRID");
    assertEquals("vip52", r.config().vrrpInstances().get(1).vmacInterface());
    assertTrue(r.diagnostics().toString().contains("use_vmac MAC 00:00:5e:00:01:99 is not supported"), r.diagnostics().toString());
    assertEquals(null, instance("").vmacInterface());
  }

  @Test
  void instanceDefaults() {
    VrrpInstance vi = instance("");
    assertEquals(VrrpInstance.State.BACKUP, vi.initialState());
    assertEquals(100, vi.priority());
    assertEquals(1.0, vi.advertInterval());
    assertEquals(2, vi.version());
    assertEquals(VrrpInstance.AuthType.NONE, vi.authType());
    assertEquals(255, vi.unicastTtl());
    assertEquals(3, vi.downTimerAdverts());
    assertTrue(vi.accept());
    assertFalse(vi.nopreempt());
    assertEquals(0.0, vi.preemptDelay());
    assertFalse(vi.smtpAlert());
    assertEquals("224.0.0.18", vi.mcastDstIp().toString());
    assertEquals(List.of("198.18.0.1/32"), vi.virtualIpAddresses().stream().map(VirtualAddress::cidr).toList());
  }

  @Test
  void stateMasterWithoutPriorityIsAddressOwner() {
    VrrpInstance vi = instance(" state MASTER");
    assertEquals(255, vi.priority());
    assertTrue(vi.addressOwner());
    assertEquals(VrrpInstance.State.MASTER, vi.initialState());
  }

  @Test
  void priority255WithoutStateMeansMaster() {
    assertEquals(VrrpInstance.State.MASTER, instance(" priority 255").initialState());
  }

  @Test
  void outOfRangePriorityFallsBackTo100() {
    var r = load(Configs.instance(" priority 300"));
    assertEquals(100, r.config().vrrpInstances().get(0).priority());
    assertTrue(Configs.messages(r).contains("(VI_1) Priority not valid! must be between 1 & 255. Using default 100"));
  }

  @Test
  void v2IntervalRoundsToSecondsAndV3ToCentiseconds() {
    assertEquals(2.0, instance(" advert_int 1.6").advertInterval());
    VrrpInstance v3 = instance(" version 3\n advert_int 0.015");
    assertEquals(0.02, v3.advertInterval(), 1e-9);
    assertEquals(0.1, instance(" version 3\n advert_int 0.1").advertInterval(), 1e-9);
  }

  @Test
  void passwordIsTruncatedToEightBytesAndIgnoredForV3() {
    VrrpInstance v2 = instance(" authentication {\n auth_type PASS\n auth_pass 123456789\n }");
    assertEquals(VrrpInstance.AuthType.PASS, v2.authType());
    assertEquals("12345678", v2.authPass().value());
    VrrpInstance v3 = instance(" version 3\n authentication {\n auth_type PASS\n auth_pass abc\n }");
    assertEquals(VrrpInstance.AuthType.NONE, v3.authType());
    assertNull(v3.authPass());
  }

  @Test
  void nopreemptIsClearedForAddressOwnerAndPreemptDelayForNopreempt() {
    assertFalse(instance(" state MASTER\n nopreempt").nopreempt());
    VrrpInstance vi = instance(" nopreempt\n preempt_delay 10");
    assertTrue(vi.nopreempt());
    assertEquals(0.0, vi.preemptDelay());
    assertEquals(10.0, instance(" preempt_delay 10").preemptDelay());
  }

  @Test
  void strictModeRules() {
    var r = load("global_defs {\n vrrp_strict\n}\n" + Configs.instance(
        " state MASTER\n priority 100\n authentication {\n auth_type PASS\n auth_pass x\n }"));
    VrrpInstance vi = r.config().vrrpInstances().get(0);
    assertEquals(VrrpInstance.State.BACKUP, vi.initialState(), "state forced to match priority");
    assertEquals(VrrpInstance.AuthType.NONE, vi.authType());
    assertFalse(vi.accept(), "strict: accept only for the address owner");
    assertTrue(Configs.messages(r).contains("(VI_1) State MASTER must match being address owner"));
    assertTrue(Configs.messages(r).contains("(VI_1) Strict mode does not support authentication. Ignoring."));
    var noVip = load("global_defs {\n vrrp_strict\n}\nvrrp_instance V {\n interface eth0\n virtual_router_id 3\n}\n");
    assertTrue(noVip.config().vrrpInstances().isEmpty(), "strict: an instance without VIPs is removed");
  }

  @Test
  void unicastPeersAndSourceAddress() {
    VrrpInstance vi = instance(" unicast_src_ip 198.18.0.1\n unicast_peer {\n 198.18.0.2 min_ttl 250\n 198.18.0.3\n }");
    assertTrue(vi.unicast());
    assertEquals("198.18.0.1", vi.sourceIp().toString());
    assertEquals(250, vi.unicastPeers().get(0).minTtl());
    assertEquals(2, vi.unicastPeers().size());
  }

  @Test
  void vipLineOptions() {
    VrrpInstance vi = instance(" virtual_ipaddress_excluded {\n 198.18.9.1/24 brd + dev eth1 scope link label eth1:a no_track\n }");
    VirtualAddress a = vi.excludedAddresses().get(0);
    assertEquals("198.18.9.1/24", a.cidr());
    assertEquals("+", a.broadcast());
    assertEquals("eth1", a.device());
    assertEquals("link", a.scope());
    assertEquals("eth1:a", a.label());
    assertTrue(a.noTrack());
  }

  @Test
  void trackersTakeTheScriptWeightUnlessTheReferenceOverridesIt() {
    var r = load("global_defs {\n enable_script_security\n script_user root\n}\n"
        + "vrrp_script chk {\n script \"/bin/true\"\n weight -20\n fall 3\n}\n"
        + "vrrp_script other {\n script \"/bin/true\"\n}\n"
        + Configs.instance(" track_script {\n chk\n other weight 5 reverse\n }\n"
        + " track_interface {\n eth1 weight 254\n eth0 weight 300\n }"));
    VrrpInstance vi = r.config().vrrpInstances().get(0);
    assertEquals(List.of(new Tracker("chk", -20, false), new Tracker("other", 5, true)), vi.trackScripts());
    assertEquals(new Tracker("eth1", 253, false), vi.trackInterfaces().get(0), "254 is clamped");
    assertEquals(1, vi.trackInterfaces().size(), "eth0 is the instance's own interface: tracked anyway");
    assertTrue(Configs.messages(r).contains("(VI_1) weight 300 for eth0 must be between [-253..253] inclusive. Ignoring..."));
    assertTrue(Configs.messages(r).contains("(VI_1) Ignoring track_interface eth0 since own interface"));
    var script = r.config().vrrpScripts().get("chk");
    assertEquals(1.0, script.interval());
    assertEquals(1.0, script.timeout(), "timeout defaults to the interval");
    assertEquals(3, script.fall());
    assertEquals(1, script.rise());
    assertEquals(List.of("/bin/true"), script.script().argv());
    assertEquals(5, r.exitCode(), r.diagnostics().toString());
  }

  @Test
  void weightedScriptsOfSyncGroupMembersAreDropped() {
    var r = load("global_defs {\n enable_script_security\n script_user root\n}\n"
        + "vrrp_script chk {\n script \"/bin/true\"\n weight 10\n}\n"
        + "vrrp_script hard {\n script \"/bin/true\"\n}\n"
        + "vrrp_sync_group G {\n group {\n VI_1\n VI_2\n }\n notify_master \"/bin/true g\"\n}\n"
        + Configs.instance(" track_script {\n chk\n hard\n }\n track_interface {\n eth1 weight 10\n }")
        + "vrrp_instance VI_2 {\n interface eth1\n virtual_router_id 52\n virtual_ipaddress {\n 198.18.0.2\n }\n}\n");
    VrrpInstance vi = r.config().vrrpInstances().get(0);
    assertEquals(List.of(new Tracker("hard", 0, false)), vi.trackScripts());
    assertEquals(0, vi.trackInterfaces().get(0).weight(), "interfaces stay, with weight 0");
    assertEquals("G", vi.syncGroup());
    assertEquals(List.of("VI_1", "VI_2"), r.config().syncGroups().get(0).instances());
    assertTrue(Configs.messages(r).contains("(VI_1) ignoring tracked script chk with weights due to SYNC group"));
  }

  @Test
  void notifyScriptsAreSplitWithoutAShell() {
    VrrpInstance vi = instance(" notify_master \"/usr/local/bin/n.sh 'a b' c\"\n notify \"/bin/notify\" nobody");
    assertEquals(List.of("/usr/local/bin/n.sh", "a b", "c"), vi.notifyScripts().master().argv());
    assertEquals("nobody", vi.notifyScripts().generic().user());
  }

  @Test
  void scriptsWithoutScriptSecurityGiveExitCode6() {
    var r = load(Configs.instance(" notify_master /bin/true"));
    assertEquals(6, r.exitCode());
    assertTrue(Configs.messages(r).contains(
        "SECURITY VIOLATION - scripts are being executed but script_security not enabled."));
  }

  @Test
  void missingVridRemovesTheInstance() {
    var r = load("vrrp_instance V {\n interface eth0\n virtual_ipaddress {\n 198.18.0.1\n }\n}\n");
    assertTrue(r.config().vrrpInstances().isEmpty());
    assertTrue(Configs.messages(r).contains("(V) the virtual router id must be set"));
  }

  @Test
  void missingInterfaceIsReportedWithTheLine() {
    var r = load("vrrp_instance V {\n interface eth9\n virtual_router_id 3\n virtual_ipaddress {\n 198.18.0.1\n }\n}\n");
    assertEquals(2, r.diagnostics().get(0).location().line());
    assertTrue(Configs.messages(r).contains("Non-existent interface specified in configuration"));
    assertEquals(5, r.exitCode());
  }

  @Test
  void staticAddressesDefaultToDefaultInterface() {
    var r = load("global_defs {\n default_interface eth1\n}\nstatic_ipaddress {\n 198.18.7.1/24\n 198.18.7.2/24 dev eth0\n}\n"
        + "static_routes {\n 198.18.8.0/24 via 198.18.7.254 dev eth1\n}\n");
    assertEquals("eth1", r.config().staticIpAddresses().get(0).device());
    assertEquals("eth0", r.config().staticIpAddresses().get(1).device());
    assertEquals("198.18.7.254", r.config().staticRoutes().get(0).via());
  }

  @Test
  void trackFileAndTrackProcess() {
    var r = load("track_file tf {\n file /tmp/x\n weight -3\n init_file 1 overwrite\n}\n"
        + "vrrp_track_process tp {\n process nginx\n quorum 2\n weight 4 reverse\n}\n"
        + Configs.instance(" track_file {\n tf\n }\n track_process {\n tp weight 9\n }"));
    var tf = r.config().trackFiles().get("tf");
    assertEquals(-3, tf.weight());
    assertEquals(1L, tf.initValue());
    assertTrue(tf.initOverwrite());
    var tp = r.config().trackProcesses().get("tp");
    assertEquals(2, tp.quorum());
    assertTrue(tp.weightReverse());
    VrrpInstance vi = r.config().vrrpInstances().get(0);
    assertEquals(new Tracker("tf", -3, false), vi.trackFiles().get(0));
    assertEquals(new Tracker("tp", 9, true), vi.trackProcesses().get(0));
  }
}
