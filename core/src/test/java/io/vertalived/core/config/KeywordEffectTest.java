package io.vertalived.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.config.keywords.GlobalDefsKeywords;
import io.vertalived.core.config.keywords.LvsSection;
import io.vertalived.core.config.keywords.VrrpSection;
import io.vertalived.core.config.model.BfdInstance;
import io.vertalived.core.config.model.Checker;
import io.vertalived.core.config.model.CheckerSettings;
import io.vertalived.core.config.model.GlobalDefs;
import io.vertalived.core.config.model.KeepalivedConfig;
import io.vertalived.core.config.model.RealServer;
import io.vertalived.core.config.model.TrackFile;
import io.vertalived.core.config.model.TrackProcess;
import io.vertalived.core.config.model.Tracker;
import io.vertalived.core.config.model.VirtualAddress;
import io.vertalived.core.config.model.VirtualServer;
import io.vertalived.core.config.model.VrrpInstance;
import io.vertalived.core.config.model.VrrpScript;
import io.vertalived.core.config.model.VrrpSyncGroup;
import io.vertalived.core.config.parse.Diagnostic;
import io.vertalived.core.config.parse.Diagnostics;
import io.vertalived.core.config.parse.KeywordTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every keyword of the keyword tables has an effect on the model, asserted: the line, written in
 * its block with a non-default value, loads without a located diagnostic (unless the row names
 * the one keepalived prints too), the accessor yields the expected value, and the same block
 * without the line does NOT yield it (a row whose value is the default proves nothing).
 * Keywords that have no place in the model are listed in {@link #IGNORED} with a reason; the
 * exhaustiveness test makes every keyword of the tables either a row or an IGNORED entry.
 */
class KeywordEffectTest {
  @TempDir
  Path dir;

  // ---- the row type and its section builders ----

  /**
   * {@code path}: the keyword's place in the tables ({@code vrrp_instance/authentication/auth_type});
   * {@code template}: the config with {@code %s} where the line goes (the baseline is the
   * template with an empty line); {@code diagnostic}: a substring of the one located
   * diagnostic the line is expected to raise, or null for none.
   */
  record Row(String path, String template, String line, Function<KeepalivedConfig, Object> get,
             Object expected, String diagnostic) {
    Row diag(String d) {
      return new Row(path, template, line, get, expected, d);
    }

    String config() {
      return template.replace("%s", line);
    }

    String baseline() {
      return template.replace("%s", "");
    }

    @Override
    public String toString() {
      return path + " <- " + line.replace("\n", " ");
    }
  }

  static final String SEC = "global_defs {\n enable_script_security\n script_user root\n}\n";
  static final String GLOBAL = "global_defs {\n%s\n}\n";
  static final String INSTANCE = SEC + Configs.instance("%s");
  static final String VS = SEC + "virtual_server 198.18.0.1 80 {\n lb_algo rr\n lb_kind NAT\n protocol TCP\n%s\n"
      + " real_server 198.18.0.2 80 {\n  TCP_CHECK {\n  }\n }\n}\n";
  static final String RS = SEC + "virtual_server 198.18.0.1 80 {\n lb_algo rr\n lb_kind NAT\n protocol TCP\n"
      + " real_server 198.18.0.2 80 {\n%s\n  TCP_CHECK {\n  }\n }\n}\n";
  /** A real server whose only content is the line (a checker block). */
  static final String RS_BARE = SEC + "virtual_server 198.18.0.1 80 {\n lb_algo rr\n lb_kind NAT\n protocol TCP\n"
      + " real_server 198.18.0.2 80 {\n%s\n }\n}\n";

  static String first(String line) {
    return line.strip().split("\\s+")[0];
  }

  static Row row(String path, String template, String line, Function<KeepalivedConfig, Object> get, Object expected) {
    return new Row(path, template, line, get, expected, null);
  }

  static Row g(String line, Function<GlobalDefs, Object> get, Object expected) {
    return row("global_defs/" + first(line), GLOBAL, line, c -> get.apply(c.global()), expected);
  }

  static VrrpInstance vi(KeepalivedConfig c) {
    return c.vrrpInstances().get(0);
  }

  static Row vi(String line, Function<VrrpInstance, Object> get, Object expected) {
    return viIn(INSTANCE, line, get, expected);
  }

  static Row viIn(String template, String line, Function<VrrpInstance, Object> get, Object expected) {
    return row("vrrp_instance/" + first(line), template, line, c -> get.apply(vi(c)), expected);
  }

  static VirtualServer vs(KeepalivedConfig c) {
    return c.virtualServers().get(0);
  }

  static RealServer rs(KeepalivedConfig c) {
    return vs(c).realServers().get(0);
  }

  static Checker chk(KeepalivedConfig c) {
    return rs(c).checkers().get(0);
  }

  static Row vs(String line, Function<VirtualServer, Object> get, Object expected) {
    return row("virtual_server/" + first(line), VS, line, c -> get.apply(vs(c)), expected);
  }

  static Row rs(String line, Function<RealServer, Object> get, Object expected) {
    return row("virtual_server/real_server/" + first(line), RS, line, c -> get.apply(rs(c)), expected);
  }

  static Function<KeepalivedConfig, Object> settings(Function<CheckerSettings, Object> get) {
    return c -> get.apply(chk(c).settings());
  }

  /** A line inside {@code TYPE { prefix %s }} of the only real server. */
  @SuppressWarnings("unchecked")
  static <C extends Checker> Row chk(String type, String prefix, String line, Function<C, Object> get, Object expected) {
    String t = RS_BARE.replace("%s", "  " + type + " {\n" + prefix + "%s\n  }");
    return row("virtual_server/real_server/" + type + "/" + first(line), t, line, c -> get.apply((C) chk(c)), expected);
  }

  static Row block(String path, String template, String line, Function<KeepalivedConfig, Object> get, Object expected) {
    return row(path, template, line, get, expected);
  }

  static String cmd(io.vertalived.core.config.model.ScriptCommand s) {
    return s.command();
  }

  // ---- the rows ----

  static Stream<Row> rows() {
    List<Row> r = new ArrayList<>();
    r.addAll(globalRows());
    r.addAll(instanceRows());
    r.addAll(scriptRows());
    r.addAll(syncGroupRows());
    r.addAll(trackFileRows());
    r.addAll(trackProcessRows());
    r.addAll(virtualServerRows());
    r.addAll(realServerRows());
    r.addAll(checkerRows());
    r.addAll(sslRows());
    r.addAll(bfdRows());
    r.addAll(staticRows());
    r.addAll(notifierRows());
    return r.stream();
  }

  static List<Row> globalRows() {
    List<Row> r = new ArrayList<>(List.of(
        row("global_defs", "%s", "global_defs {\n router_id r\n}\n", c -> c.global().routerId(), "r"),
        g("router_id r", GlobalDefs::routerId, "r"),
        g("notification_email {\n a@b\n}", GlobalDefs::notificationEmail, List.of("a@b")),
        g("notification_email_from a@b", GlobalDefs::notificationEmailFrom, "a@b"),
        g("smtp_server 127.0.0.1 2525", GlobalDefs::smtpServer, "127.0.0.1"),
        g("smtp_server 127.0.0.1 2525", GlobalDefs::smtpPort, 2525),
        g("smtp_helo_name h", GlobalDefs::smtpHeloName, "h"),
        g("smtp_connect_timeout 5", GlobalDefs::smtpConnectTimeout, 5),
        g("smtp_password pw", x -> x.smtpPassword().value(), "pw"),
        g("smtp_alert", GlobalDefs::smtpAlert, true),
        g("smtp_alert_vrrp off", GlobalDefs::smtpAlertVrrp, false),
        g("smtp_alert_checker on", GlobalDefs::smtpAlertChecker, true),
        g("no_email_faults", GlobalDefs::noEmailFaults, true),
        g("checker_log_all_failures on", GlobalDefs::checkerLogAllFailures, true),
        // keepalived applies it to every checker that does not say otherwise
        block("global_defs/checker_log_all_failures", "global_defs {\n%s\n}\n"
            + "virtual_server 198.18.0.1 80 {\n lb_algo rr\n lb_kind NAT\n protocol TCP\n"
            + " real_server 198.18.0.2 80 {\n  TCP_CHECK {\n  }\n }\n}\n", "checker_log_all_failures on",
            c -> chk(c).settings().logAllFailures(), true),
        g("enable_script_security", GlobalDefs::enableScriptSecurity, true),
        g("script_user nobody nogroup", GlobalDefs::scriptUser, "nobody"),
        g("script_user nobody nogroup", GlobalDefs::scriptGroup, "nogroup"),
        g("vrrp_version 3", GlobalDefs::vrrpVersion, 3),
        g("vrrp_mcast_group4 224.0.0.19", x -> x.vrrpMcastGroup4().toString(), "224.0.0.19"),
        g("vrrp_mcast_group6 ff02::13", x -> x.vrrpMcastGroup6().toString(), "ff02::13"),
        g("vrrp_strict", GlobalDefs::vrrpStrict, true),
        g("vrrp_skip_check_adv_addr", GlobalDefs::vrrpSkipCheckAdvAddr, true),
        g("vrrp_check_unicast_src", GlobalDefs::vrrpCheckUnicastSrc, true),
        g("vrrp_garp_master_delay 7", x -> x.garp().masterDelay(), 7.0),
        g("vrrp_garp_master_repeat 7", x -> x.garp().masterRepeat(), 7),
        g("vrrp_garp_master_refresh 60", x -> x.garp().masterRefresh(), 60.0),
        g("vrrp_garp_master_refresh_repeat 2", x -> x.garp().masterRefreshRepeat(), 2),
        g("vrrp_garp_lower_prio_delay 1", x -> x.garp().lowerPrioDelay(), 1.0),
        g("vrrp_garp_lower_prio_repeat 1", x -> x.garp().lowerPrioRepeat(), 1),
        g("vrrp_garp_interval 0.001", x -> x.garp().interval(), 0.001),
        g("vrrp_gna_interval 0.002", x -> x.garp().gnaInterval(), 0.002),
        g("vrrp_min_garp", x -> x.garp().minGarp(), true),
        g("vrrp_garp_extra_if all 10", x -> x.garp().extraIfInterval(), 10.0),
        g("vrrp_garp_extra_if all 10", x -> x.garp().extraIfAll(), true),
        g("vrrp_lower_prio_no_advert", GlobalDefs::vrrpLowerPrioNoAdvert, true),
        g("vrrp_higher_prio_send_advert", GlobalDefs::vrrpHigherPrioSendAdvert, true),
        g("vrrp_down_timer_adverts 5", GlobalDefs::vrrpDownTimerAdverts, 5),
        g("vrrp_startup_delay 5", GlobalDefs::vrrpStartupDelay, 5.0),
        g("vrrp_delay_after_boot 6", GlobalDefs::vrrpStartupDelay, 6.0),
        g("vrrp_notify_priority_changes on", GlobalDefs::vrrpNotifyPriorityChanges, true),
        g("notify_fifo /tmp/f", x -> x.notifyFifo().path(), "/tmp/f"),
        g("notify_fifo_script /bin/true", x -> cmd(x.notifyFifo().script()), "/bin/true"),
        g("vrrp_notify_fifo /tmp/v", x -> x.vrrpNotifyFifo().path(), "/tmp/v"),
        g("vrrp_notify_fifo_script /bin/true", x -> cmd(x.vrrpNotifyFifo().script()), "/bin/true"),
        g("lvs_notify_fifo /tmp/l", x -> x.lvsNotifyFifo().path(), "/tmp/l"),
        g("lvs_notify_fifo_script /bin/true", x -> cmd(x.lvsNotifyFifo().script()), "/bin/true"),
        g("fifo_write_vrrp_states_on_reload", GlobalDefs::fifoWriteVrrpStatesOnReload, true),
        g("dynamic_interfaces", GlobalDefs::dynamicInterfaces, true),
        g("default_interface eth1", GlobalDefs::defaultInterface, "eth1"),
        g("lvs_sync_daemon eth0 VI_1 id 5", GlobalDefs::lvsSyncDaemon,
            new io.vertalived.core.config.model.LvsSyncDaemon("eth0", "VI_1", 5, 0, 0, 0, null)),
        g("lvs_timeouts tcp 900 tcpfin 120 udp 300", GlobalDefs::lvsTimeouts, Map.of("tcp", 900, "tcpfin", 120, "udp", 300)),
        g("lvs_flush", GlobalDefs::lvsFlush, true),
        g("lvs_flush_on_stop", GlobalDefs::lvsFlushOnStop, true),
        g("startup_script /bin/true", x -> cmd(x.startupScript()), "/bin/true"),
        g("startup_script_timeout 5", GlobalDefs::startupScriptTimeout, 5),
        g("shutdown_script /bin/true", x -> cmd(x.shutdownScript()), "/bin/true"),
        g("shutdown_script_timeout 5", GlobalDefs::shutdownScriptTimeout, 5),
        g("reload_check_config", GlobalDefs::reloadCheckConfig, true),
        g("reload_check_config /var/log/keepalived-check.log", GlobalDefs::reloadCheckConfigFile,
            "/var/log/keepalived-check.log"),
        g("reload_time_file /run/keepalived/reload.time", GlobalDefs::reloadTimeFile, "/run/keepalived/reload.time"),
        g("reload_repeat", GlobalDefs::reloadRepeat, true),
        g("reload_file", GlobalDefs::reloadFile, GlobalDefs.DEFAULT_RELOAD_FILE),
        g("reload_file /run/keepalived.reload", GlobalDefs::reloadFile, "/run/keepalived.reload"),
        g("vmac_prefix vr", GlobalDefs::vmacPrefix, "vr"),
        g("vmac_addr_prefix vra", GlobalDefs::vmacAddrPrefix, "vra"),
        g("nftables kt", x -> x.nftables().table(), "kt"),
        g("nftables_priority -5", x -> x.nftables().priority(), -5),
        g("nftables_counters", x -> x.nftables().counters(), true)));
    // accepted and kept verbatim in GlobalDefs.otherKeywords (vertalived does not act on them)
    for (String k : GLOBAL_OTHER) {
      r.add(g(k + " 1", x -> x.otherKeywords().get(k), List.of("1")));
    }
    return r;
  }

  /** Must equal GlobalDefsKeywords.OTHER_KEYWORDS (the exhaustiveness test catches a difference). */
  static final List<String> GLOBAL_OTHER = List.of(
      "enable_snmp_vrrp", "enable_snmp_keepalived", "enable_snmp_checker", "enable_snmp_rfc",
      "enable_snmp_rfcv2", "enable_snmp_rfcv3", "enable_traps", "snmp_socket", "enable_dbus",
      "dbus_service_name", "max_auto_priority", "min_auto_priority_delay", "vrrp_rt_priority",
      "vrrp_priority", "vrrp_no_swap", "vrrp_cpu_affinity", "checker_rt_priority",
      "checker_priority", "checker_no_swap", "checker_cpu_affinity", "bfd_rt_priority",
      "bfd_priority", "bfd_no_swap", "bfd_cpu_affinity", "net_namespace", "net_namespace_ipvs",
      "instance", "use_pid_dir", "linkbeat_use_polling", "child_wait_time", "process_names",
      "process_name", "vrrp_process_name", "checker_process_name", "bfd_process_name", "umask",
      "include_check", "config_save_dir", "tmp_config_directory", "vrrp_iptables",
      "vrrp_ipsets", "nftables_ifindex", "disable_local_igmp", "log_unknown_vrids",
      "vrrp_rx_bufs_policy", "vrrp_rx_bufs_multiplier", "vrrp_netlink_cmd_rcv_bufs",
      "vrrp_netlink_cmd_rcv_bufs_force", "vrrp_netlink_monitor_rcv_bufs",
      "vrrp_netlink_monitor_rcv_bufs_force", "process_monitor_rcv_bufs",
      "process_monitor_rcv_bufs_force", "lvs_netlink_cmd_rcv_bufs",
      "lvs_netlink_cmd_rcv_bufs_force", "lvs_netlink_monitor_rcv_bufs",
      "lvs_netlink_monitor_rcv_bufs_force", "rs_init_notifies", "no_checker_emails",
      "snmp_vrrp_stats_update_interval", "v3_checksum_as_v2", "vrrp_owner_ignore_adverts",
      "random_seed", "state_dump_file", "stats_dump_file", "json_dump_file",
      "data_use_instance", "json_version",
      "vrrp_garp_lower_prio_no_advert", "vrrp_mcast_group4_dst", "vrrp_startup_delay_hz",
      "lvs_sync_daemon_interface", "vrrp_gna_interval_hz", "vrrp_tx_bufs", "linkbeat_interfaces",
      "use_symlink_paths", "vrrp_mcast_dst", "vrrp_version_3_checksum_as_v2");

  /** Must equal VrrpKeywords.OTHER. */
  static final List<String> INSTANCE_OTHER = List.of(
      "vmac_xmit_base", "use_vmac_addr", "use_ipvlan", "promote_secondaries",
      "linkbeat_use_polling", "lvs_sync_daemon_interface", "kernel_rx_buf_size", "vrf",
      "old_unicast_checksum", "garp_extra_if", "timer_expired_backup",
      "v3_checksum_as_v2", "owner_ignore_adverts", "auth_hmac");

  static final String SCRIPT_S = "vrrp_script s {\n script /bin/true\n}\n";
  static final String TRACK_FILE_F = "track_file f {\n file /tmp/f\n}\n";
  static final String TRACK_PROCESS_P = "vrrp_track_process p {\n process sshd\n}\n";
  static final String BFD_B = "bfd_instance b {\n neighbor_ip 198.18.0.2\n}\n";

  static List<Row> instanceRows() {
    String bare = SEC + "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n"
        + " virtual_ipaddress {\n  198.18.0.1\n }\n%s\n}\n";
    List<Row> r = new ArrayList<>(List.of(
        row("vrrp_instance", SEC + "%s", Configs.instance(""), c -> c.vrrpInstances().stream().map(VrrpInstance::name).toList(), List.of("VI_1")),
        viIn(bare, "interface eth1", VrrpInstance::interfaceName, "eth1"),
        viIn(bare, "virtual_router_id 52", VrrpInstance::virtualRouterId, 52),
        viIn(bare, "virtual_ipaddress {\n 198.18.0.2/24 dev eth1 label eth1:0\n}",
            x -> x.virtualIpAddresses().stream().map(a -> a.cidr() + " " + a.device() + " " + a.label()).toList(),
            List.of("198.18.0.1/32 null null", "198.18.0.2/24 eth1 eth1:0")),
        vi("state MASTER", VrrpInstance::initialState, VrrpInstance.State.MASTER),
        vi("priority 90", VrrpInstance::priority, 90),
        vi("advert_int 2", VrrpInstance::advertInterval, 2.0),
        vi("version 3", VrrpInstance::version, 3),
        vi("authentication {\n auth_type PASS\n auth_pass x\n}", VrrpInstance::authType, VrrpInstance.AuthType.PASS),
        // keepalived's vrrp_complete_instance(): AH without a password is no authentication
        row("vrrp_instance/authentication/auth_type", INSTANCE.replace("%s", "authentication {\n auth_pass k1\n%s\n}"),
            "auth_type AH",
            c -> vi(c).authType(), VrrpInstance.AuthType.AH),
        row("vrrp_instance/authentication/auth_pass", INSTANCE.replace("%s", "authentication {\n auth_type PASS\n%s\n}"), "auth_pass x",
            c -> vi(c).authPass().value(), "x"),
        vi("virtual_ipaddress_excluded {\n 198.18.9.9\n}", x -> x.excludedAddresses().stream().map(VirtualAddress::cidr).toList(), List.of("198.18.9.9/32")),
        vi("virtual_routes {\n 198.18.9.0/24 dev eth0\n}", x -> x.virtualRoutes().get(0).destination(), "198.18.9.0/24"),
        vi("virtual_rules {\n from 198.18.9.1 table 5 priority 10\n}", x -> x.virtualRules().get(0).table(), "5"),
        vi("no_virtual_ipaddress", VrrpInstance::noVirtualIpAddress, true),
        vi("unicast_src_ip 198.18.0.1", x -> x.sourceIp().toString(), "198.18.0.1"),
        vi("mcast_src_ip 198.18.0.5", x -> x.sourceIp().toString(), "198.18.0.5"),
        vi("unicast_peer {\n 198.18.0.2 min_ttl 5\n}",
            x -> x.unicastPeers().stream().map(p -> p.address() + " " + p.minTtl() + " " + p.maxTtl()).toList(), List.of("198.18.0.2 5 255")),
        // unicast_ttl without a unicast peer is reset at the block's end (keepalived's vrrp_end_handler())
        viIn(INSTANCE.replace("%s", "%s\n unicast_peer {\n  198.18.0.9\n }"), "unicast_ttl 5", VrrpInstance::unicastTtl, 5),
        vi("check_unicast_src", VrrpInstance::checkUnicastSrc, true),
        vi("mcast_dst_ip 224.0.0.19", x -> x.mcastDstIp().toString(), "224.0.0.19"),
        // an instance without VIPs is IPv4 unless native_ipv6 says otherwise: then IPv6's group, VRRPv3
        viIn(SEC + "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n no_virtual_ipaddress\n%s\n}\n",
            "native_ipv6", x -> x.mcastDstIp() + " v" + x.version(), "ff02::12 v3"),
        vi("track_src_ip", VrrpInstance::trackSrcIp, true),
        vi("nopreempt", VrrpInstance::nopreempt, true),
        viIn(INSTANCE.replace("%s", "nopreempt\n%s"), "preempt", VrrpInstance::nopreempt, false),
        vi("preempt_delay 3", VrrpInstance::preemptDelay, 3.0),
        vi("garp_master_delay 1", x -> x.garp().masterDelay(), 1.0),
        vi("garp_master_repeat 2", x -> x.garp().masterRepeat(), 2),
        vi("garp_master_refresh 3", x -> x.garp().masterRefresh(), 3.0),
        vi("garp_master_refresh_repeat 4", x -> x.garp().masterRefreshRepeat(), 4),
        vi("garp_lower_prio_delay 1", x -> x.garp().lowerPrioDelay(), 1.0),
        vi("garp_lower_prio_repeat 1", x -> x.garp().lowerPrioRepeat(), 1),
        vi("down_timer_adverts 5", VrrpInstance::downTimerAdverts, 5),
        vi("lower_prio_no_advert", VrrpInstance::lowerPrioNoAdvert, true),
        vi("higher_prio_send_advert", VrrpInstance::higherPrioSendAdvert, true),
        // accept defaults to false only in strict mode (v3, so strict does not reset it)
        viIn(INSTANCE.replace("%s", "strict_mode on\nversion 3\n%s"), "accept", VrrpInstance::accept, true),
        vi("no_accept", VrrpInstance::accept, false),
        vi("skip_check_adv_addr", VrrpInstance::skipCheckAdvAddr, true),
        vi("strict_mode on", VrrpInstance::strictMode, true),
        vi("dont_track_primary", VrrpInstance::dontTrackPrimary, true),
        vi("track_interface {\n eth1 weight 5 reverse\n}", VrrpInstance::trackInterfaces, List.of(new Tracker("eth1", 5, true))),
        viIn(SEC + SCRIPT_S + Configs.instance("%s"), "track_script {\n s weight 3\n}", VrrpInstance::trackScripts, List.of(new Tracker("s", 3, false))),
        viIn(SEC + TRACK_FILE_F + Configs.instance("%s"), "track_file {\n f weight 2\n}", VrrpInstance::trackFiles, List.of(new Tracker("f", 2, false))),
        viIn(SEC + TRACK_PROCESS_P + Configs.instance("%s"), "track_process {\n p weight 4\n}", VrrpInstance::trackProcesses, List.of(new Tracker("p", 4, false))),
        viIn(SEC + BFD_B + Configs.instance("%s"), "track_bfd {\n b weight 5\n}", VrrpInstance::trackBfds, List.of(new Tracker("b", 5, false))),
        vi("notify_master /bin/true", x -> cmd(x.notifyScripts().master()), "/bin/true"),
        vi("notify_backup /bin/true", x -> cmd(x.notifyScripts().backup()), "/bin/true"),
        vi("notify_fault /bin/true", x -> cmd(x.notifyScripts().fault()), "/bin/true"),
        vi("notify_stop /bin/true", x -> cmd(x.notifyScripts().stop()), "/bin/true"),
        vi("notify_deleted /bin/true", x -> cmd(x.notifyScripts().deleted()), "/bin/true"),
        vi("notify_master_rx_lower_pri /bin/true", x -> cmd(x.notifyScripts().masterRxLowerPri()), "/bin/true"),
        vi("notify /bin/true", x -> cmd(x.notifyScripts().generic()), "/bin/true"),
        vi("smtp_alert", VrrpInstance::smtpAlert, true),
        vi("notify_priority_changes on", VrrpInstance::notifyPriorityChanges, true),
        vi("use_vmac", VrrpInstance::vmacInterface, "vrrp.51"),
        vi("use_vmac vm1", VrrpInstance::vmacInterface, "vm1")));
    // accepted and kept verbatim in VrrpInstance.otherKeywords
    for (String k : INSTANCE_OTHER) {
      r.add(vi(k + " 1", x -> x.otherKeywords().get(k), List.of("1")));
    }
    return r;
  }

  static List<Row> scriptRows() {
    String t = SEC + "vrrp_script s {\n script /bin/true\n%s\n}\n";
    Function<Function<VrrpScript, Object>, Function<KeepalivedConfig, Object>> s = f -> c -> f.apply(c.vrrpScripts().get("s"));
    return List.of(
        block("vrrp_script", SEC + "%s", SCRIPT_S, c -> c.vrrpScripts().keySet(), Set.of("s")),
        block("vrrp_script/script", SEC + "vrrp_script s {\n%s\n}\n", "script \"/bin/echo 'a b'\"", s.apply(x -> x.script().argv()), List.of("/bin/echo", "a b")),
        block("vrrp_script/interval", t, "interval 2", s.apply(VrrpScript::interval), 2.0),
        block("vrrp_script/timeout", t, "timeout 3", s.apply(VrrpScript::timeout), 3.0),
        block("vrrp_script/weight", t, "weight 5 reverse", s.apply(VrrpScript::weight), 5),
        block("vrrp_script/weight", t, "weight 5 reverse", s.apply(VrrpScript::weightReverse), true),
        block("vrrp_script/rise", t, "rise 2", s.apply(VrrpScript::rise), 2),
        block("vrrp_script/fall", t, "fall 3", s.apply(VrrpScript::fall), 3),
        block("vrrp_script/user", t, "user root", s.apply(x -> x.script().user()), "root"),
        block("vrrp_script/init_fail", t, "init_fail", s.apply(VrrpScript::initFail), true));
  }

  static List<Row> syncGroupRows() {
    // two members, so no "only 1 virtual router" warning
    String two = Configs.instance("") + Configs.instance("").replace("VI_1", "VI_2").replace("router_id 51", "router_id 52");
    String t = SEC + SCRIPT_S + TRACK_FILE_F + TRACK_PROCESS_P + two
        + "vrrp_sync_group G {\n group {\n  VI_1\n  VI_2\n }\n%s\n}\n";
    Function<Function<VrrpSyncGroup, Object>, Function<KeepalivedConfig, Object>> s = f -> c -> f.apply(c.syncGroups().get(0));
    return List.of(
        block("vrrp_sync_group", SEC + two + "%s", "vrrp_sync_group G {\n group {\n  VI_1\n  VI_2\n }\n}\n", c -> vi(c).syncGroup(), "G"),
        block("vrrp_sync_group/group", SEC + two + "vrrp_sync_group G {\n%s\n}\n", "group {\n VI_1\n VI_2\n}", s.apply(VrrpSyncGroup::instances), List.of("VI_1", "VI_2")),
        block("vrrp_sync_group/track_interface", t, "track_interface {\n eth1 weight 2\n}", s.apply(VrrpSyncGroup::trackInterfaces), List.of(new Tracker("eth1", 2, false))),
        block("vrrp_sync_group/track_script", t, "track_script {\n s weight 2\n}", s.apply(VrrpSyncGroup::trackScripts), List.of(new Tracker("s", 2, false))),
        block("vrrp_sync_group/track_file", t, "track_file {\n f weight 2\n}", s.apply(VrrpSyncGroup::trackFiles), List.of(new Tracker("f", 2, false))),
        block("vrrp_sync_group/track_process", t, "track_process {\n p weight 2\n}", s.apply(VrrpSyncGroup::trackProcesses), List.of(new Tracker("p", 2, false))),
        block("vrrp_sync_group/track_bfd", t.replace(SEC, SEC + BFD_B), "track_bfd {\n b weight 2\n}", s.apply(VrrpSyncGroup::trackBfds), List.of(new Tracker("b", 2, false))),
        block("vrrp_sync_group/notify_master", t, "notify_master /bin/true", s.apply(x -> cmd(x.notifyScripts().master())), "/bin/true"),
        block("vrrp_sync_group/notify_backup", t, "notify_backup /bin/true", s.apply(x -> cmd(x.notifyScripts().backup())), "/bin/true"),
        block("vrrp_sync_group/notify_fault", t, "notify_fault /bin/true", s.apply(x -> cmd(x.notifyScripts().fault())), "/bin/true"),
        block("vrrp_sync_group/notify_stop", t, "notify_stop /bin/true", s.apply(x -> cmd(x.notifyScripts().stop())), "/bin/true"),
        block("vrrp_sync_group/notify", t, "notify /bin/true", s.apply(x -> cmd(x.notifyScripts().generic())), "/bin/true"),
        block("vrrp_sync_group/smtp_alert", t, "smtp_alert", s.apply(VrrpSyncGroup::smtpAlert), true),
        block("vrrp_sync_group/notify_priority_changes", t, "notify_priority_changes on", s.apply(VrrpSyncGroup::notifyPriorityChanges), true),
        block("vrrp_sync_group/sync_group_tracking_weight", t, "sync_group_tracking_weight", s.apply(VrrpSyncGroup::syncGroupTrackingWeight), true),
        block("vrrp_sync_group/global_tracking", t, "global_tracking", s.apply(VrrpSyncGroup::syncGroupTrackingWeight), true)
            .diag("global_tracking is deprecated"));
  }

  static List<Row> trackFileRows() {
    List<Row> r = new ArrayList<>();
    for (String kw : List.of("track_file", "vrrp_track_file")) {
      String t = SEC + kw + " f {\n file /tmp/f\n%s\n}\n";
      Function<Function<TrackFile, Object>, Function<KeepalivedConfig, Object>> f = g -> c -> g.apply(c.trackFiles().get("f"));
      r.addAll(List.of(
          block(kw, SEC + "%s", kw + " f {\n file /tmp/f\n}\n", c -> c.trackFiles().keySet(), Set.of("f")),
          block(kw + "/file", SEC + kw + " f {\n%s\n}\n", "file /tmp/g", f.apply(TrackFile::file), "/tmp/g"),
          block(kw + "/weight", t, "weight 2 reverse", f.apply(TrackFile::weight), 2),
          block(kw + "/weight", t, "weight 2 reverse", f.apply(TrackFile::weightReverse), true),
          block(kw + "/init_file", t, "init_file 7 overwrite", f.apply(TrackFile::initValue), 7L),
          block(kw + "/init_file", t, "init_file 7 overwrite", f.apply(TrackFile::initOverwrite), true)));
    }
    return r;
  }

  static List<Row> trackProcessRows() {
    String t = SEC + "vrrp_track_process p {\n process sshd\n%s\n}\n";
    Function<Function<TrackProcess, Object>, Function<KeepalivedConfig, Object>> p = g -> c -> g.apply(c.trackProcesses().get("p"));
    return List.of(
        block("vrrp_track_process", SEC + "%s", TRACK_PROCESS_P, c -> c.trackProcesses().keySet(), Set.of("p")),
        block("vrrp_track_process/process", SEC + "vrrp_track_process p {\n%s\n}\n", "process sshd -D", p.apply(TrackProcess::parameters), List.of("-D")),
        block("vrrp_track_process/param_match", t, "param_match partial", p.apply(TrackProcess::paramMatch), "partial"),
        block("vrrp_track_process/full_command", t, "full_command", p.apply(TrackProcess::fullCommand), true),
        block("vrrp_track_process/weight", t, "weight 3 reverse", p.apply(TrackProcess::weight), 3),
        block("vrrp_track_process/weight", t, "weight 3 reverse", p.apply(TrackProcess::weightReverse), true),
        block("vrrp_track_process/quorum", t, "quorum 2", p.apply(TrackProcess::quorum), 2),
        block("vrrp_track_process/quorum_max", t, "quorum_max 3", p.apply(TrackProcess::quorumMax), 3),
        block("vrrp_track_process/fork_delay", t, "fork_delay 1", p.apply(TrackProcess::forkDelay), 1.0),
        block("vrrp_track_process/terminate_delay", t, "terminate_delay 2", p.apply(TrackProcess::terminateDelay), 2.0),
        block("vrrp_track_process/delay", t, "delay 4", p.apply(x -> List.of(x.forkDelay(), x.terminateDelay())), List.of(4.0, 4.0)));
  }

  static List<Row> virtualServerRows() {
    // real server weight 3 so that quorum 2 is not reduced to the total weight
    String q = VS.replace("%s", " weight 3\n%s");
    List<Row> r = new ArrayList<>(List.of(
        block("virtual_server", SEC + "%s", VS.substring(SEC.length()).replace("%s", ""), c -> c.virtualServers().size(), 1),
        vs("delay_loop 5", VirtualServer::delayLoop, 5.0),
        vs("lb_algo wrr", VirtualServer::lbAlgo, "wrr"),
        vs("lvs_sched wrr", VirtualServer::lbAlgo, "wrr"),
        vs("lb_kind DR", VirtualServer::lbKind, "DR"),
        vs("lvs_method TUN", VirtualServer::lbKind, "TUN"),
        vs("protocol UDP", VirtualServer::protocol, "UDP"),
        vs("persistence_timeout 30", VirtualServer::persistenceTimeout, 30),
        vs("persistence_granularity 255.255.255.0", VirtualServer::persistenceGranularity, "255.255.255.0"),
        vs("persistence_engine sip", VirtualServer::persistenceEngine, "sip"),
        row("virtual_server/quorum", q, "quorum 2", c -> vs(c).quorum(), 2),
        row("virtual_server/hysteresis", q.replace("%s", "quorum 2\n%s"), "hysteresis 1", c -> vs(c).hysteresis(), 1),
        vs("quorum_up /bin/true", x -> cmd(x.quorumUp()), "/bin/true"),
        vs("quorum_down /bin/true", x -> cmd(x.quorumDown()), "/bin/true"),
        vs("alpha", VirtualServer::alpha, true),
        vs("omega", VirtualServer::omega, true),
        vs("ha_suspend", VirtualServer::haSuspend, true),
        vs("inhibit_on_failure", VirtualServer::inhibitOnFailure, true),
        vs("virtualhost www", VirtualServer::virtualhost, "www"),
        vs("sorry_server 198.18.0.9 80", VirtualServer::sorryServer, "198.18.0.9 80"),
        vs("sorry_server_inhibit", VirtualServer::sorryServerInhibit, true),
        vs("smtp_alert", VirtualServer::smtpAlert, true),
        vs("ip_family inet6", VirtualServer::ipFamily, "inet6"),
        vs("weight 4", x -> x.realServers().get(0).weight(), 4),
        // checker defaults given by the virtual server
        row("virtual_server/connect_timeout", VS, "connect_timeout 3", settings(CheckerSettings::connectTimeout), 3.0),
        row("virtual_server/retry", VS, "retry 2", settings(CheckerSettings::retry), 2),
        row("virtual_server/delay_before_retry", VS, "delay_before_retry 2", settings(CheckerSettings::delayBeforeRetry), 2.0),
        row("virtual_server/warmup", VS, "warmup 3", settings(CheckerSettings::warmup), 3.0),
        row("virtual_server/real_server", VS, "real_server 198.18.0.3 80 {\n}",
            c -> vs(c).realServers().stream().map(RealServer::endpoint).toList(), List.of("198.18.0.3:80", "198.18.0.2:80")),
        row("virtual_server_group", SEC + "%s", "virtual_server_group G {\n 198.18.1.1-5 80\n fwmark 3\n}\n",
            c -> c.virtualServerGroups().get("G").ranges().stream().map(x -> x.first() + "-" + x.last() + ":" + x.port()).toList()
                + " " + c.virtualServerGroups().get("G").fwmarks(), "[198.18.1.1-198.18.1.5:80] [3]")));
    for (String flag : List.of("ops", "hashed", "flag-1", "flag-2", "flag-3", "sh-port", "sh-fallback", "mh-port", "mh-fallback")) {
      r.add(vs(flag, VirtualServer::schedulerFlags, List.of(flag)));
    }
    return r;
  }

  static List<Row> realServerRows() {
    String http = RS_BARE.replace("%s", "%s\n  HTTP_GET {\n   url {\n    path /\n   }\n  }");
    List<Row> r = new ArrayList<>(List.of(
        rs("weight 2", RealServer::weight, 2),
        rs("lvs_method DR", RealServer::lvsMethod, "DR"),
        rs("inhibit_on_failure", RealServer::inhibitOnFailure, true),
        rs("notify_up /bin/true", x -> cmd(x.notifyUp()), "/bin/true"),
        rs("notify_down /bin/true", x -> cmd(x.notifyDown()), "/bin/true"),
        rs("uthreshold 100", RealServer::upperThreshold, 100),
        rs("lthreshold 10", RealServer::lowerThreshold, 10),
        rs("smtp_alert off", RealServer::smtpAlert, false),
        // checker defaults given by the real server
        row("virtual_server/real_server/alpha", RS, "alpha", settings(CheckerSettings::alpha), true),
        row("virtual_server/real_server/connect_timeout", RS, "connect_timeout 2", settings(CheckerSettings::connectTimeout), 2.0),
        row("virtual_server/real_server/retry", RS, "retry 3", settings(CheckerSettings::retry), 3),
        row("virtual_server/real_server/delay_before_retry", RS, "delay_before_retry 2", settings(CheckerSettings::delayBeforeRetry), 2.0),
        row("virtual_server/real_server/warmup", RS, "warmup 1", settings(CheckerSettings::warmup), 1.0),
        row("virtual_server/real_server/delay_loop", RS, "delay_loop 3", settings(CheckerSettings::delayLoop), 3.0),
        row("virtual_server/real_server/log_all_failures", RS, "log_all_failures", settings(CheckerSettings::logAllFailures), true),
        // only HTTP_GET/SSL_GET have a virtualhost
        row("virtual_server/real_server/virtualhost", http, "virtualhost v", c -> ((Checker.HttpGet) chk(c)).virtualhost(), "v")));
    for (String type : CHECKERS) {
      // a MISC_CHECK needs its script, an HTTP_GET or SSL_GET a url (keepalived drops them without)
      String body = type.equals("MISC_CHECK") ? "  MISC_CHECK {\n   misc_path /bin/true\n  }"
          : type.endsWith("_GET") ? "  " + type + " {\n   url {\n    path /\n   }\n  }" : "  " + type + " {\n  }";
      r.add(row("virtual_server/real_server/" + type, RS_BARE, body, c -> chk(c).type(), type));
    }
    return r;
  }

  static final List<String> CHECKERS = List.of("HTTP_GET", "SSL_GET", "TCP_CHECK", "SMTP_CHECK", "MISC_CHECK",
      "DNS_CHECK", "UDP_CHECK", "PING_CHECK", "FILE_CHECK", "BFD_CHECK");
  static final List<String> NETWORK_CHECKERS = List.of("HTTP_GET", "SSL_GET", "TCP_CHECK", "SMTP_CHECK",
      "DNS_CHECK", "UDP_CHECK", "PING_CHECK");

  /** The settings every network checker accepts: keyword line, accessor, expected (all non-default). */
  static List<Object[]> commonSettings() {
    return List.<Object[]>of(
        new Object[] {"connect_ip 198.18.0.3", (Function<CheckerSettings, Object>) s -> s.connectIp().toString(), "198.18.0.3"},
        new Object[] {"connect_port 81", (Function<CheckerSettings, Object>) CheckerSettings::connectPort, 81},
        new Object[] {"bindto 198.18.0.1", (Function<CheckerSettings, Object>) s -> String.valueOf(s.bindTo()), "198.18.0.1"},
        new Object[] {"bind_if eth1", (Function<CheckerSettings, Object>) CheckerSettings::bindInterface, "eth1"},
        new Object[] {"bind_port 1000", (Function<CheckerSettings, Object>) CheckerSettings::bindPort, 1000},
        new Object[] {"fwmark 3", (Function<CheckerSettings, Object>) CheckerSettings::fwmark, 3},
        new Object[] {"connect_timeout 1", (Function<CheckerSettings, Object>) CheckerSettings::connectTimeout, 1.0});
  }

  static List<Object[]> retryEtc() {
    return List.<Object[]>of(
        new Object[] {"retry 7", (Function<CheckerSettings, Object>) CheckerSettings::retry, 7},
        new Object[] {"delay_before_retry 9", (Function<CheckerSettings, Object>) CheckerSettings::delayBeforeRetry, 9.0},
        new Object[] {"warmup 4", (Function<CheckerSettings, Object>) CheckerSettings::warmup, 4.0},
        new Object[] {"delay_loop 2", (Function<CheckerSettings, Object>) CheckerSettings::delayLoop, 2.0},
        new Object[] {"alpha", (Function<CheckerSettings, Object>) CheckerSettings::alpha, true},
        new Object[] {"log_all_failures on", (Function<CheckerSettings, Object>) CheckerSettings::logAllFailures, true});
  }

  @SuppressWarnings("unchecked")
  static void settingRows(List<Row> r, String type, String prefix, List<Object[]> settings) {
    for (Object[] s : settings) {
      Function<CheckerSettings, Object> f = (Function<CheckerSettings, Object>) s[1];
      r.add(chk(type, prefix, (String) s[0], (Checker c) -> f.apply(c.settings()), s[2]));
    }
  }

  static List<Row> checkerRows() {
    List<Row> r = new ArrayList<>();
    for (String type : NETWORK_CHECKERS) {
      // an HTTP_GET or SSL_GET without a url is dropped, as keepalived's
      String prefix = type.endsWith("_GET") ? "   url {\n    path /\n   }\n" : "";
      settingRows(r, type, prefix, commonSettings());
      settingRows(r, type, prefix, retryEtc());
    }
    settingRows(r, "MISC_CHECK", "   misc_path /bin/true\n", retryEtc());
    settingRows(r, "BFD_CHECK", "", List.<Object[]>of(retryEtc().get(4)));
    // SMTP_CHECK host { }: deprecated; its settings land on the checker itself
    List<Row> host = new ArrayList<>();
    settingRows(host, "SMTP_CHECK", "   host {\n", Stream.concat(commonSettings().stream(), retryEtc().stream()).toList());
    for (Row h : host) {
      String t = h.template().replace("%s\n  }", "%s\n   }\n  }");
      r.add(new Row(h.path().replace("SMTP_CHECK/", "SMTP_CHECK/host/"), t, h.line(), h.get(), h.expected(),
          "SMTP_CHECK host block is deprecated"));
    }
    r.add(new Row("virtual_server/real_server/SMTP_CHECK/host", RS_BARE.replace("%s", "  SMTP_CHECK {\n%s\n  }"),
        "   host {\n    connect_ip 198.18.0.4\n   }", c -> chk(c).settings().connectIp().toString(), "198.18.0.4",
        "SMTP_CHECK host block is deprecated"));
    for (String type : List.of("HTTP_GET", "SSL_GET")) {
      String url = "   url {\n    path /\n   }\n";
      r.addAll(List.of(
          chk(type, url, "url {\n path /a\n}\nurl {\n path /b\n}", (Checker.HttpGet c) -> c.urls().stream().map(Checker.Url::path).toList(), List.of("/", "/a", "/b")),
          chk(type, url, "http_protocol 1.1", Checker.HttpGet::httpProtocol, "1.1"),
          chk(type, url, "virtualhost w", Checker.HttpGet::virtualhost, "w"),
          chk(type, url, "fast_recovery", Checker.HttpGet::fastRecovery, true),
          chk(type, url, "nb_get_retry 4", (Checker.HttpGet c) -> c.settings().retry(), 4).diag("nb_get_retry is deprecated"),
          chk(type, url, "enable_sni", Checker.HttpGet::enableSni, true),
          chk(type, url, "sni_name s", Checker.HttpGet::sniName, "s"),
          chk(type, url, "tls_compliant", Checker.HttpGet::tlsCompliant, true)));
      // the url { } block
      // a url needs a path (keepalived drops one without): the row's own path comes after it
      String u = RS_BARE.replace("%s", "  " + type + " {\n   url {\n    path /x\n%s\n   }\n  }");
      Function<Function<Checker.Url, Object>, Function<KeepalivedConfig, Object>> g =
          f -> c -> f.apply(((Checker.HttpGet) chk(c)).urls().get(0));
      String p = "virtual_server/real_server/" + type + "/url/";
      r.addAll(List.of(
          row(p + "path", u, "path /health", g.apply(Checker.Url::path), "/health"),
          row(p + "digest", u, "digest 640205B7B0FC66C1EA91C463FAC6334D", g.apply(Checker.Url::digest), "640205b7b0fc66c1ea91c463fac6334d"),
          row(p + "status_code", u, "status_code 200 301-302", g.apply(x -> x.statusCodes().stream().map(s -> s[0] + "-" + s[1]).toList()),
              List.of("200-200", "301-302")),
          row(p + "virtualhost", u, "virtualhost v", g.apply(Checker.Url::virtualhost), "v"),
          row(p + "regex", u, "regex ok", g.apply(Checker.Url::regex), "ok"),
          row(p + "regex_no_match", u, "regex_no_match", g.apply(Checker.Url::regexNoMatch), true)));
    }
    r.addAll(List.of(
        chk("SMTP_CHECK", "", "helo_name h", Checker.SmtpCheck::heloName, "h"),
        chk("DNS_CHECK", "", "type AAAA", Checker.DnsCheck::queryType, "AAAA"),
        chk("DNS_CHECK", "", "name example.test", Checker.DnsCheck::name, "example.test"),
        chk("UDP_CHECK", "", "payload 00ff", Checker.UdpCheck::payload, "00ff"),
        chk("UDP_CHECK", "", "require_reply 00XX", Checker.UdpCheck::requireReply, "00XX"),
        chk("UDP_CHECK", "", "min_reply_length 1", Checker.UdpCheck::minReplyLength, 1),
        chk("UDP_CHECK", "", "max_reply_length 20", Checker.UdpCheck::maxReplyLength, 20),
        chk("MISC_CHECK", "", "misc_path \"/bin/echo a\"", (Checker.MiscCheck c) -> c.script().argv(), List.of("/bin/echo", "a")),
        chk("MISC_CHECK", "   misc_path /bin/true\n", "misc_timeout 3", Checker.MiscCheck::timeout, 3.0),
        chk("MISC_CHECK", "   misc_path /bin/true\n", "misc_dynamic", Checker.MiscCheck::dynamic, true),
        chk("MISC_CHECK", "   misc_path /bin/true\n", "user root", (Checker.MiscCheck c) -> c.script().user(), "root"),
        chk("FILE_CHECK", "", "track_file tf", Checker.FileCheck::trackFile, "tf"),
        chk("FILE_CHECK", "", "file tf2", Checker.FileCheck::trackFile, "tf2"),
        chk("FILE_CHECK", "", "dynamic", Checker.FileCheck::dynamic, true),
        chk("FILE_CHECK", "", "weight 2 reverse", (Checker.FileCheck c) -> c.weight() + " " + c.reverse(), "2 true"),
        chk("BFD_CHECK", "", "name b", Checker.BfdCheck::bfdName, "b")));
    return r;
  }

  static List<Row> sslRows() {
    String t = SEC + "SSL {\n%s\n}\n";
    return List.of(
        block("SSL", SEC + "%s", "SSL {\n ca /c\n}\n", c -> c.ssl().ca(), "/c"),
        block("SSL/password", t, "password pw", c -> c.ssl().password().value(), "pw"),
        block("SSL/ca", t, "ca /etc/ca.pem", c -> c.ssl().ca(), "/etc/ca.pem"),
        block("SSL/certificate", t, "certificate /etc/c.pem", c -> c.ssl().certificate(), "/etc/c.pem"),
        block("SSL/key", t, "key /etc/k.pem", c -> c.ssl().key(), "/etc/k.pem"));
  }

  static List<Row> bfdRows() {
    String t = SEC + "bfd_instance b {\n neighbor_ip 198.18.0.2\n%s\n}\n";
    Function<Function<BfdInstance, Object>, Function<KeepalivedConfig, Object>> b = f -> c -> f.apply(c.bfdInstances().get("b"));
    return List.of(
        block("bfd_instance", SEC + "%s", BFD_B, c -> c.bfdInstances().keySet(), Set.of("b")),
        block("bfd_instance/neighbor_ip", SEC + "bfd_instance b {\n%s\n}\n", "neighbor_ip 198.18.0.3", b.apply(x -> x.neighborIp().toString()), "198.18.0.3"),
        block("bfd_instance/source_ip", t, "source_ip 198.18.0.1", b.apply(x -> String.valueOf(x.sourceIp())), "198.18.0.1"),
        block("bfd_instance/min_rx", t, "min_rx 20", b.apply(BfdInstance::minRxMillis), 20),
        block("bfd_instance/min_tx", t, "min_tx 20", b.apply(BfdInstance::minTxMillis), 20),
        block("bfd_instance/idle_tx", t, "idle_tx 500", b.apply(BfdInstance::idleTxMillis), 500),
        block("bfd_instance/multiplier", t, "multiplier 3", b.apply(BfdInstance::multiplier), 3),
        block("bfd_instance/passive", t, "passive", b.apply(BfdInstance::passive), true),
        block("bfd_instance/ttl", t, "ttl 250", b.apply(BfdInstance::ttl), 250),
        block("bfd_instance/hoplimit", t, "hoplimit 60", b.apply(BfdInstance::hopLimit), 60),
        block("bfd_instance/max_hops", t, "max_hops 2", b.apply(BfdInstance::maxHops), 2),
        block("bfd_instance/multihop", t, "multihop", b.apply(BfdInstance::multihop), true),
        block("bfd_instance/weight", t, "weight 5", b.apply(BfdInstance::weight), 5),
        // with neither vrrp nor checker both receive events: one alone turns the other off
        block("bfd_instance/vrrp", t, "vrrp", b.apply(BfdInstance::checker), false),
        block("bfd_instance/checker", t, "checker", b.apply(BfdInstance::vrrp), false));
  }

  static List<Row> staticRows() {
    return List.of(
        block("static_ipaddress", SEC + "%s", "static_ipaddress {\n 198.18.7.1/24\n}\n",
            c -> c.staticIpAddresses().stream().map(a -> a.cidr() + " " + a.device()).toList(), List.of("198.18.7.1/24 eth0")),
        block("static_routes", SEC + "%s", "static_routes {\n 198.18.8.0/24 via 198.18.7.2 dev eth0\n}\n",
            c -> c.staticRoutes().stream().map(x -> x.destination() + " " + x.via() + " " + x.device()).toList(), List.of("198.18.8.0/24 198.18.7.2 eth0")),
        block("static_rules", SEC + "%s", "static_rules {\n from 198.18.7.1 table 7 priority 100\n}\n",
            c -> c.staticRules().stream().map(x -> x.source() + " " + x.table() + " " + x.metric()).toList(), List.of("198.18.7.1 7 100")));
  }

  static List<Row> notifierRows() {
    String hook = "vertalived_webhook w {\n url https://hooks.example.net/a\n secret s\n%s\n}\n";
    String t = SEC + hook;
    Function<Function<io.vertalived.core.config.model.Webhook, Object>, Function<KeepalivedConfig, Object>> w =
        f -> c -> f.apply(c.notifier().webhooks().get(0));
    String smtp = SEC + "vertalived_smtp {\n%s\n}\n";
    return List.of(
        block("vertalived_webhook", SEC + "%s", hook.replace("%s", ""), c -> c.notifier().webhooks().size(), 1),
        block("vertalived_webhook/url", SEC + "vertalived_webhook w {\n secret s\n%s\n}\n", "url http://198.18.0.9:8080/hook",
            w.apply(x -> x.url().value() + " " + x.displayUrl()), "http://198.18.0.9:8080/hook http://198.18.0.9:8080/..."),
        block("vertalived_webhook/secret", SEC + "vertalived_webhook w {\n url https://h/\n%s\n}\n", "secret k3y",
            w.apply(x -> x.secret().value()), "k3y"),
        block("vertalived_webhook/format", t, "format slack", w.apply(io.vertalived.core.config.model.Webhook::format),
            io.vertalived.core.config.model.Webhook.Format.SLACK),
        block("vertalived_webhook/events", t, "events real_server", w.apply(io.vertalived.core.config.model.Webhook::events),
            Set.of("real_server")),
        block("vertalived_webhook/instances", t, "instances VI_1 G1", w.apply(io.vertalived.core.config.model.Webhook::instances),
            Set.of("VI_1", "G1")),
        block("vertalived_webhook/states", t, "states master fault", w.apply(io.vertalived.core.config.model.Webhook::states),
            Set.of("MASTER", "FAULT")),
        block("vertalived_webhook/timeout", t, "timeout 2.5", w.apply(io.vertalived.core.config.model.Webhook::timeout), 2.5),
        block("vertalived_webhook/header", t, "header X-Team: ops on-call", w.apply(x -> x.headers().toString()),
            "[Header[name=X-Team, value=ops on-call]]"),
        block("vertalived_webhook/retry_initial_delay", t, "retry_initial_delay 0.5", w.apply(x -> x.retry().initialDelay()), 0.5),
        block("vertalived_webhook/retry_max_delay", t, "retry_max_delay 60", w.apply(x -> x.retry().maxDelay()), 60.0),
        block("vertalived_webhook/retry_max_attempts", t, "retry_max_attempts 10", w.apply(x -> x.retry().maxAttempts()), 10),
        block("vertalived_webhook/retry_max_age", t, "retry_max_age 3600", w.apply(x -> x.retry().maxAge()), 3600.0),
        block("vertalived_smtp", SEC + "%s", "vertalived_smtp {\n starttls required\n}\n", c -> c.notifier().smtp().starttls(),
            io.vertalived.core.config.model.SmtpSecurity.StartTls.REQUIRED),
        block("vertalived_smtp/starttls", smtp, "starttls optional", c -> c.notifier().smtp().starttls(),
            io.vertalived.core.config.model.SmtpSecurity.StartTls.OPTIONAL),
        block("vertalived_smtp/username", smtp.replace("%s", " starttls required\n password p\n%s"), "username u",
            c -> c.notifier().smtp().username(), "u"),
        block("vertalived_smtp/password", smtp.replace("%s", " starttls required\n username u\n%s"), "password p",
            c -> c.notifier().smtp().password().value(), "p"),
        block("vertalived_smtp/ca_file", smtp, "ca_file /etc/ssl/smtp.pem", c -> c.notifier().smtp().caFile(),
            "/etc/ssl/smtp.pem"));
  }

  // ---- keywords with no place in the model ----

  static final Map<String, String> IGNORED = ignored();

  private static Map<String, String> ignored() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("virtual_server/snmp_name", "SNMP is not implemented; no catch-all map on VirtualServer");
    m.put("virtual_server/real_server/snmp_name", "SNMP is not implemented; no catch-all map on RealServer");
    m.put("virtual_server/sorry_server_lvs_method", "BUG: keepalived forwards to the sorry server with this method; handler is a no-op");
    for (String t : List.of("HTTP_GET", "SSL_GET")) {
      for (String k : List.of("regex_options", "regex_min_offset", "regex_max_offset", "regex_stack")) {
        m.put("virtual_server/real_server/" + t + "/url/" + k, "GAP: PCRE option not modelled (Url has no field); regex_options/offsets change what matches");
      }
    }
    m.put("vrrp_instance/debug", "keepalived's per-instance debug level: read and checked (0-4) as keepalived, no effect here");
    m.put("vrrp_instance/unicast_fault_no_peer", "GAP: counts as a unicast keyword (no deprecation warning without peers);"
        + " the FAULT state it asks for without peers is not implemented");
    m.put("linkbeat_interfaces", "linkbeat polling: vertalived reads link state from netlink only");
    m.put("interface_up_down_delays", "GAP: per-interface up/down delays not modelled");
    m.put("garp_group", "GAP: per-interface-group GARP intervals not modelled");
    m.put("track_group", "not a keepalived keyword as far as found; accepted and dropped");
    for (String k : List.of("group", "interface", "interfaces", "garp_interval", "gna_interval", "neighbor_ip",
        "source_ip", "min_rx", "min_tx", "idle_tx", "multiplier", "passive", "ttl", "hoplimit", "max_hops",
        "multihop", "weight", "vrrp", "checker")) {
      m.put("garp_group/" + k, "garp_group content is dropped (only garp_interval, gna_interval, interface, interfaces are keepalived's)");
      m.put("track_group/" + k, "track_group content is dropped");
    }
    return m;
  }

  // ---- the tests ----

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void keywordChangesTheModel(Row row) {
    Configs configs = new Configs(dir);
    var r = configs.load(row.config());
    List<String> located = r.diagnostics().stream().filter(d -> d.location() != null).map(Diagnostic::render).toList();
    if (row.diagnostic() == null) {
      assertEquals(List.of(), located, row.config());
    } else {
      assertTrue(located.size() == 1 && located.get(0).contains(row.diagnostic()), located + "\n" + row.config());
    }
    assertEquals(row.expected(), row.get().apply(r.config()), row.config());
    Object before = tryGet(row, configs.load(row.baseline()).config());
    assertNotEquals(row.expected(), before, "the expected value is already the default: " + row.baseline());
  }

  private static Object tryGet(Row row, KeepalivedConfig c) {
    try {
      return row.get().apply(c);
    } catch (RuntimeException absent) {
      return absent.getClass();
    }
  }

  @Test
  void everyKeywordHasARowOrIsIgnoredWithAReason() {
    Set<String> all = KeywordTree.paths();
    Set<String> asserted = rows().map(Row::path).collect(Collectors.toCollection(TreeSet::new));
    Set<String> missing = new TreeSet<>(all);
    missing.removeAll(asserted);
    missing.removeAll(IGNORED.keySet());
    assertEquals(Set.of(), missing, "keywords without a row or an IGNORED entry");
    Set<String> stale = new TreeSet<>(asserted);
    stale.addAll(IGNORED.keySet());
    stale.removeAll(all);
    assertEquals(Set.of(), stale, "rows or IGNORED entries for keywords the tables do not have");
    Set<String> both = new TreeSet<>(asserted);
    both.retainAll(IGNORED.keySet());
    assertEquals(Set.of(), both, "a keyword is either asserted or ignored");
  }

  /** The keyword paths of the VRRP and checker passes as ConfigLoader builds them. */
  static final class KeywordTree {
    static Set<String> paths() {
      Diagnostics diag = new Diagnostics();
      GlobalDefsKeywords global = new GlobalDefsKeywords("h");
      KeywordTable root = new KeywordTable();
      root.block("global_defs", global.open(), global.table(), null);
      new VrrpSection(Configs.HOST, global, diag).register(root, true);
      new LvsSection(diag).register(root, true);
      new io.vertalived.core.config.keywords.NotifierSection(diag).register(root, true);
      Set<String> out = new TreeSet<>();
      walk(root, "", out);
      return out;
    }

    private static void walk(KeywordTable t, String prefix, Set<String> out) {
      for (String name : t.names()) {
        out.add(prefix + name);
        t.sub(name).ifPresent(sub -> walk(sub, prefix + name + "/", out));
      }
    }
  }
}
