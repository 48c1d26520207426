package io.vertalived.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every keyword of spec sections 2-4 and 7, written in its block with a valid value, is known:
 * no "Unknown keyword" and no line flagged.
 */
class KeywordCoverageTest {
  @TempDir
  Path dir;

  static Stream<String> globalLines() {
    return Stream.of("router_id r", "notification_email {\n a@b\n}", "notification_email_from a@b",
        "smtp_server 127.0.0.1 25", "smtp_helo_name h", "smtp_connect_timeout 5", "smtp_alert",
        "smtp_alert_vrrp off", "smtp_alert_checker on", "no_email_faults", "checker_log_all_failures on",
        "enable_script_security", "script_user root", "vrrp_version 3", "vrrp_mcast_group4 224.0.0.18",
        "vrrp_mcast_group6 ff02::12", "vrrp_strict", "vrrp_skip_check_adv_addr", "vrrp_check_unicast_src",
        "vrrp_garp_master_delay 5", "vrrp_garp_master_repeat 5", "vrrp_garp_master_refresh 60",
        "vrrp_garp_master_refresh_repeat 2", "vrrp_garp_lower_prio_delay 1", "vrrp_garp_lower_prio_repeat 1",
        "vrrp_garp_interval 0.001", "vrrp_gna_interval 0.001", "vrrp_min_garp", "vrrp_garp_extra_if all 10",
        "vrrp_lower_prio_no_advert", "vrrp_higher_prio_send_advert", "vrrp_down_timer_adverts 3",
        "vrrp_startup_delay 5", "vrrp_delay_after_boot 5", "vrrp_notify_priority_changes on",
        "notify_fifo /tmp/f", "notify_fifo_script /bin/true", "vrrp_notify_fifo /tmp/v",
        "vrrp_notify_fifo_script /bin/true", "lvs_notify_fifo /tmp/l", "lvs_notify_fifo_script /bin/true",
        "fifo_write_vrrp_states_on_reload", "dynamic_interfaces", "default_interface eth0",
        "lvs_sync_daemon eth0 VI_1 id 5", "lvs_timeouts tcp 900 tcpfin 120 udp 300", "lvs_flush",
        "lvs_flush_on_stop", "enable_snmp_vrrp", "enable_traps", "enable_dbus", "max_auto_priority 10",
        "vrrp_rt_priority 50", "vrrp_no_swap", "startup_script /bin/true", "startup_script_timeout 5",
        "shutdown_script /bin/true", "shutdown_script_timeout 5", "reload_check_config",
        "vmac_prefix vr", "vmac_addr_prefix vra", "net_namespace blue", "umask 022", "random_seed 1")
        .map(l -> "global_defs {\n" + l + "\n}\n");
  }

  static Stream<String> instanceLines() {
    return Stream.of("state BACKUP", "priority 90", "advert_int 2", "version 2",
        "authentication {\n auth_type PASS\n auth_pass x\n}", "virtual_ipaddress_excluded {\n 198.18.9.9\n}",
        "virtual_routes {\n 198.18.9.0/24 dev eth0\n}", "virtual_rules {\n from 198.18.9.1 table 5 priority 10\n}",
        "no_virtual_ipaddress", "unicast_src_ip 198.18.0.1", "mcast_src_ip 198.18.0.1",
        "unicast_peer {\n 198.18.0.2\n}", "unicast_ttl 5", "check_unicast_src", "mcast_dst_ip 224.0.0.19",
        "track_src_ip", "nopreempt", "preempt", "preempt_delay 3", "garp_master_delay 1",
        "garp_master_repeat 2", "garp_master_refresh 3", "garp_master_refresh_repeat 4",
        "garp_lower_prio_delay 1", "garp_lower_prio_repeat 1", "down_timer_adverts 3",
        "lower_prio_no_advert", "higher_prio_send_advert", "accept", "no_accept", "skip_check_adv_addr",
        "strict_mode off", "dont_track_primary", "track_interface {\n eth1 weight 5 reverse\n}",
        "notify_backup /bin/true", "notify_fault /bin/true", "notify_stop /bin/true",
        "notify_deleted /bin/true", "notify_master_rx_lower_pri /bin/true", "notify /bin/true",
        "smtp_alert", "notify_priority_changes on", "use_vmac", "vmac_xmit_base", "promote_secondaries",
        "kernel_rx_buf_size 10000", "debug", "unicast_fault_no_peer", "garp_extra_if 10")
        .map(l -> "global_defs {\n enable_script_security\n script_user root\n}\n" + Configs.instance(l));
  }

  static Stream<String> lvsLines() {
    String vs = "virtual_server 198.18.0.1 80 {\n lb_algo rr\n lb_kind NAT\n protocol TCP\n%s\n"
        + " real_server 198.18.0.2 80 {\n%s\n TCP_CHECK {\n%s\n }\n }\n}\n";
    List<String> vsLines = List.of("delay_loop 5", "lvs_sched wrr", "lvs_method DR", "persistence_timeout 30",
        "persistence_granularity 255.255.255.0", "persistence_engine sip", "quorum 1", "hysteresis 0",
        "quorum_up /bin/true", "quorum_down /bin/true", "alpha", "omega", "ha_suspend", "inhibit_on_failure",
        "virtualhost www", "sorry_server 198.18.0.9 80", "sorry_server_inhibit", "smtp_alert",
        "ip_family inet", "connect_timeout 3", "retry 2", "delay_before_retry 2", "warmup 3", "ops", "hashed",
        "sh-port", "mh-fallback");
    List<String> rsLines = List.of("weight 2", "inhibit_on_failure", "notify_up /bin/true",
        "notify_down /bin/true", "uthreshold 100", "lthreshold 10", "smtp_alert off", "alpha",
        "connect_timeout 2", "retry 1", "delay_before_retry 1", "warmup 1", "delay_loop 3", "virtualhost v");
    List<String> checkLines = List.of("connect_ip 198.18.0.3", "connect_port 81", "bindto 198.18.0.1",
        "bind_if eth0", "bind_port 1000", "fwmark 3", "connect_timeout 1", "retry 2",
        "delay_before_retry 1", "warmup 0", "delay_loop 2", "alpha on", "log_all_failures on");
    Stream.Builder<String> b = Stream.builder();
    String sec = "global_defs {\n enable_script_security\n script_user root\n}\n";
    vsLines.forEach(l -> b.add(sec + String.format(vs, l, "", "")));
    rsLines.forEach(l -> b.add(sec + String.format(vs, "", l, "")));
    checkLines.forEach(l -> b.add(sec + String.format(vs, "", "", l)));
    String rs = "virtual_server 198.18.0.1 80 {\n lb_algo rr\n lb_kind NAT\n protocol TCP\n"
        + " real_server 198.18.0.2 80 {\n%s\n }\n}\n";
    List.of("HTTP_GET {\n url {\n path /\n digest 640205b7b0fc66c1ea91c463fac6334d\n status_code 200\n"
            + " virtualhost v\n regex ok\n regex_no_match\n }\n http_protocol 1.1\n virtualhost w\n fast_recovery\n}",
        "SSL_GET {\n url {\n path /\n }\n enable_sni\n sni_name s\n tls_compliant\n}",
        "SMTP_CHECK {\n helo_name h\n}", "MISC_CHECK {\n misc_path /bin/true\n misc_timeout 3\n misc_dynamic\n user root\n}",
        "DNS_CHECK {\n type AAAA\n name example.test\n}",
        "UDP_CHECK {\n payload 00ff\n require_reply 00XX\n min_reply_length 1\n max_reply_length 20\n}",
        "PING_CHECK {\n}", "FILE_CHECK {\n track_file tf\n dynamic\n weight 2 reverse\n}",
        "BFD_CHECK {\n name b\n}")
        .forEach(c -> b.add(sec + String.format(rs, c)));
    b.add("virtual_server_group G {\n 198.18.1.1-5 80\n fwmark 3\n}\n");
    return b.build();
  }

  static Stream<String> trackerBlocks() {
    return Stream.of(
        "vrrp_script s {\n script \"/bin/true\"\n interval 2\n timeout 1\n weight 5 reverse\n rise 2\n fall 2\n user root\n init_fail\n}\n",
        "track_file f {\n file /tmp/f\n weight 2 reverse\n init_file 0 overwrite\n}\n",
        "vrrp_track_file f {\n file /tmp/f\n}\n",
        "vrrp_track_process p {\n process sshd -D\n param_match partial\n full_command\n weight 3\n quorum 1\n quorum_max 3\n fork_delay 1\n terminate_delay 1\n delay 1\n}\n",
        "vrrp_sync_group G {\n group {\n VI_1\n }\n track_interface {\n eth1\n }\n notify_master /bin/true\n"
            + " notify_backup /bin/true\n notify_fault /bin/true\n notify_stop /bin/true\n notify /bin/true\n"
            + " smtp_alert\n notify_priority_changes on\n sync_group_tracking_weight\n}\n" + Configs.instance(""),
        "static_ipaddress {\n 198.18.7.1/24 dev eth0\n}\nstatic_routes {\n 198.18.8.0/24 via 198.18.7.2 dev eth0\n}\n"
            + "static_rules {\n from 198.18.7.1 table 7 priority 100\n}\n",
        "bfd_instance b {\n neighbor_ip 198.18.0.2\n source_ip 198.18.0.1\n min_rx 20\n min_tx 20\n idle_tx 500\n"
            + " multiplier 3\n passive\n ttl 250\n hoplimit 60\n max_hops 2\n multihop\n weight 5\n vrrp\n checker\n}\n");
  }

  static Stream<String> all() {
    return Stream.of(globalLines(), instanceLines(), lvsLines(), trackerBlocks()).flatMap(s -> s);
  }

  @ParameterizedTest
  @MethodSource("all")
  void keywordIsKnownAndItsValueAccepted(String config) {
    var r = new Configs(dir).load("global_defs {\n enable_script_security\n script_user root\n}\n" + config);
    List<String> located = r.diagnostics().stream().filter(d -> d.location() != null)
        .map(d -> d.render()).toList();
    assertEquals(List.of(), located, config);
  }
}
