package io.vertalived.core.config.keywords;

import io.vertalived.core.config.model.Fifo;
import io.vertalived.core.config.model.GlobalDefs;
import io.vertalived.core.config.model.IpAddress;
import io.vertalived.core.config.model.LvsSyncDaemon;
import io.vertalived.core.config.model.ScriptCommand;
import io.vertalived.core.config.model.Secret;
import io.vertalived.core.config.parse.Args;
import io.vertalived.core.config.parse.KeywordTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** {@code global_defs { }} (keepalived.conf(5) Global definitions): keyword handlers and the defaults keepalived applies. */
public final class GlobalDefsKeywords {
  /** keepalived's TIMER_MAXIMUM in seconds. */
  static final double TIMER_MAX = 4294.967295;
  static final double TIMER_MIN = 0.000001;

  private final String hostname;
  private final HostFacts host;
  /** script_user named a user that does not exist: every script without its own user is removed. */
  boolean scriptUserFailed;
  /** The default script user was looked up in the current pass (keepalived asks once per process). */
  Boolean defaultUserOk;
  String routerId;
  final List<String> notificationEmail = new ArrayList<>();
  String notificationEmailFrom;
  String smtpServer;
  int smtpPort = 25;
  String smtpHeloName;
  int smtpConnectTimeout = 30;
  Secret smtpPassword;
  Boolean smtpAlert;
  Boolean smtpAlertVrrp;
  Boolean smtpAlertChecker;
  boolean noEmailFaults;
  boolean checkerLogAllFailures;
  boolean enableScriptSecurity;
  String scriptUser;
  String scriptGroup;
  int vrrpVersion = 2;
  IpAddress mcastGroup4 = IpAddress.parse("224.0.0.18").orElseThrow();
  IpAddress mcastGroup6 = IpAddress.parse("ff02::12").orElseThrow();
  boolean vrrpStrict;
  boolean skipCheckAdvAddr;
  boolean checkUnicastSrc;
  double garpMasterDelay = 5;
  int garpMasterRepeat = 5;
  double garpMasterRefresh;
  int garpMasterRefreshRepeat = 1;
  Double garpLowerPrioDelay;
  Integer garpLowerPrioRepeat;
  double garpInterval;
  double gnaInterval;
  boolean minGarp;
  double garpExtraIf;
  boolean garpExtraIfAll;
  Boolean lowerPrioNoAdvert;
  Boolean higherPrioSendAdvert;
  int downTimerAdverts = 3;
  double startupDelay;
  boolean notifyPriorityChanges;
  String nftTable = "keepalived";
  int nftPriority = -1;
  boolean nftCounters;
  Fifo notifyFifo;
  Fifo vrrpNotifyFifo;
  Fifo lvsNotifyFifo;
  boolean fifoWriteStatesOnReload;
  boolean dynamicInterfaces;
  String defaultInterface = "eth0";
  LvsSyncDaemon lvsSyncDaemon;
  final Map<String, Integer> lvsTimeouts = new LinkedHashMap<>();
  boolean lvsFlush;
  boolean lvsFlushOnStop;
  ScriptCommand startupScript;
  int startupScriptTimeout = 10;
  ScriptCommand shutdownScript;
  int shutdownScriptTimeout = 10;
  boolean reloadCheckConfig;
  String reloadCheckConfigFile;
  String reloadTimeFile;
  boolean reloadRepeat;
  String reloadFile;
  String vmacPrefix = "vrrp";
  String vmacAddrPrefix = "vrrp";
  final Map<String, List<String>> other = new LinkedHashMap<>();

  /**
   * keepalived's get_default_script_user(): false when scripts without a user of their own cannot
   * run — script_user failed, or (with script security) the default keepalived_script does not
   * exist, said once per pass as keepalived's process says it once.
   */
  boolean defaultScriptUser(HostFacts facts, io.vertalived.core.config.parse.Diagnostics diag) {
    if (scriptUserFailed) {
      return false;
    }
    if (scriptUser != null) {
      return true;
    }
    if (defaultUserOk == null) {
      defaultUserOk = !enableScriptSecurity || facts.userExists("keepalived_script");
      if (!defaultUserOk) {
        diag.error(io.vertalived.core.config.parse.ConfigErrorCategory.GENERAL_ERROR,
            "Unable to set default user keepalived_script for script");
      }
    }
    return defaultUserOk;
  }

  public GlobalDefsKeywords(String hostname) {
    this(hostname, null);
  }

  /** With the host's users: a {@code script_user} that does not exist is reported as keepalived does. */
  public GlobalDefsKeywords(String hostname, HostFacts host) {
    this.hostname = hostname;
    this.host = host;
  }

  /** The {@code global_defs} block keyword, to add to the root table of a pass. */
  public KeywordTable.Handler open() {
    return a -> { };
  }

  /** vrrp_mcast_group4/6 with keepalived's three messages (parse, family, multicast). */
  private static java.util.Optional<IpAddress> mcastGroup(io.vertalived.core.config.parse.Args a, boolean six) {
    String kw = six ? "vrrp_mcast_group6" : "vrrp_mcast_group4";
    java.util.Optional<IpAddress> ip = IpAddress.parse(a.get(1));
    if (ip.isEmpty()) {
      a.error("Can't parse " + kw + " [" + a.get(1) + "]. Skipping");
    } else if (ip.get().isIpv6() != six) {
      a.error(kw + " [" + a.get(1) + "] is not " + (six ? "IPv6" : "IPv4") + ". Skipping");
    } else if (!ip.get().address().isMulticastAddress()) {
      a.error(kw + " [" + a.get(1) + "] is not multicast. Skipping");
    } else {
      return ip;
    }
    return java.util.Optional.empty();
  }

  public KeywordTable table() {
    KeywordTable t = new KeywordTable();
    t.add("router_id", a -> {
      if (!a.has(1)) {
        a.error("routerid name missing - ignoring");
        return;
      }
      routerId = a.get(1);
    });
    // keepalived's email_handler(): an empty block is reported (at its '}')
    io.vertalived.core.config.parse.Args[] emailBlock = new io.vertalived.core.config.parse.Args[1];
    int[] emailsBefore = new int[1];
    t.valueBlock("notification_email", a -> {
      emailBlock[0] = a;
      emailsBefore[0] = notificationEmail.size();
    }, a -> notificationEmail.add(a.rest(0)), () -> {
      if (notificationEmail.size() == emailsBefore[0]) {
        emailBlock[0].error("Warning - empty notification_email block");
      }
    });
    t.add("notification_email_from", a -> {
      if (a.size() < 2) {
        a.error("emailfrom missing - ignoring");
        return;
      }
      notificationEmailFrom = a.get(1);
    });
    // keepalived's smtpserver_handler(): an address (inet_stosockaddr), else a name it resolves;
    // we do not resolve names while reading (no DNS from a config check), so only what cannot be
    // a name is refused: an address-like word that is no address, or a bad port
    t.add("smtp_server", a -> {
      String host = a.get(1);
      String port = a.has(2) ? a.get(2) : "25";
      boolean addressLike = host.matches("[0-9./-]+") || host.contains(":");
      var at = host.matches(".*[-/].*") ? java.util.Optional.<LvsSection.SocketAddress>empty()
          : LvsSection.socketAddress(a, host, port);
      // getaddrinfo() takes inet_aton()'s forms too ("0", "127.1", "0x7f.1")
      if (at.isEmpty() && (addressLike && !LvsSection.inetAton(host) || !port.matches("[0-9]+"))) {
        a.error("Invalid smtp server " + host + " " + port);
        return;
      }
      smtpServer = host;
      at.ifPresent(x -> smtpPort = x.port());
      if (at.isEmpty()) {
        a.unsignedWord(port, 1, 65535).ifPresent(p -> smtpPort = (int) p);
      }
    });
    t.add("smtp_helo_name", a -> {
      if (!a.missing(null)) {
        smtpHeloName = a.get(1);
      }
    });
    t.add("smtp_connect_timeout", a -> a.unsigned(1, 0, VrrpKeywords.TIMER_MAX_SECONDS).ifPresentOrElse(v -> {
      if (v == 0) {
        a.warn("smtp_connect_timeout must be greater than 0, setting to 1");
        smtpConnectTimeout = 1;
      } else {
        smtpConnectTimeout = (int) v;
      }
    }, () -> a.error("smtp_connect_timeout '" + a.get(1) + "' must be in [0, " + VrrpKeywords.TIMER_MAX_SECONDS
        + "] - ignoring")));
    t.add("smtp_password", a -> smtpPassword = new Secret(a.get(1)));
    t.add("smtp_alert", a -> a.bool(1, "global smtp_alert").ifPresent(v -> smtpAlert = v));
    t.add("smtp_alert_vrrp", a -> a.bool(1, "global smtp_alert_vrrp").ifPresent(v -> smtpAlertVrrp = v));
    t.add("smtp_alert_checker", a -> a.bool(1, "global smtp_alert_checker").ifPresent(v -> smtpAlertChecker = v));
    t.add("no_email_faults", a -> noEmailFaults = true);
    t.add("checker_log_all_failures", a -> a.bool(1, "global checker_log_all_failures").ifPresent(v -> checkerLogAllFailures = v));
    t.add("enable_script_security", a -> enableScriptSecurity = true);
    t.add("script_user", a -> {
      if (a.size() < 2) {
        a.error("No script username specified");
        return;
      }
      scriptUser = a.get(1);
      scriptGroup = a.opt(2).map(g -> g.startsWith(":") ? g.substring(1) : g).orElse(null);
      if (host != null && !host.userExists(scriptUser)) {
        // set_default_script_user(): no retry with keepalived_script, the scripts go
        scriptUserFailed = true;
        a.error("Error setting global script uid/gid");
      }
    });
    t.add("vrrp_version", a -> a.integer(1, 2, 3).ifPresentOrElse(v -> vrrpVersion = (int) v,
        () -> a.error("VRRP Error: Version must be either 2 or 3")));
    t.add("vrrp_mcast_group4", a -> mcastGroup(a, false).ifPresent(ip -> mcastGroup4 = ip));
    t.add("vrrp_mcast_group6", a -> mcastGroup(a, true).ifPresent(ip -> mcastGroup6 = ip));
    t.add("vrrp_strict", a -> vrrpStrict = true);
    t.add("vrrp_skip_check_adv_addr", a -> a.bool(1, "global vrrp_skip_check_adv_addr").ifPresent(v -> skipCheckAdvAddr = v));
    t.add("vrrp_check_unicast_src", a -> checkUnicastSrc = true);
    t.add("vrrp_garp_master_delay", a -> a.unsigned(1, 0, VrrpKeywords.TIMER_MAX_SECONDS).ifPresentOrElse(
        v -> garpMasterDelay = v, () -> a.error("vrrp_garp_master_delay '" + a.get(1) + "' invalid - ignoring")));
    t.add("vrrp_garp_master_repeat", a -> a.unsigned(1, 0, Integer.MAX_VALUE).ifPresentOrElse(
        v -> garpMasterRepeat = v == 0 ? 1 : (int) v, () -> a.error("vrrp_garp_master_repeat '" + a.get(1) + "' invalid - ignoring")));
    t.add("vrrp_garp_master_refresh", a -> a.unsigned(1, 0, 0xffffffffL).ifPresentOrElse(
        v -> garpMasterRefresh = v, () -> a.error("Invalid vrrp_garp_master_refresh '" + a.get(1) + "' - ignoring")));
    t.add("vrrp_garp_master_refresh_repeat", a -> a.unsigned(1, 0, Integer.MAX_VALUE).ifPresentOrElse(
        v -> garpMasterRefreshRepeat = v == 0 ? 1 : (int) v, () -> a.error("vrrp_garp_master_refresh_repeat '" + a.get(1) + "' invalid - ignoring")));
    t.add("vrrp_garp_lower_prio_delay", a -> a.unsigned(1, 0, VrrpKeywords.TIMER_MAX_SECONDS).ifPresentOrElse(
        v -> garpLowerPrioDelay = (double) v, () -> a.error("vrrp_garp_lower_prio_delay '" + a.get(1) + "' invalid - ignoring")));
    t.add("vrrp_garp_lower_prio_repeat", a -> a.unsigned(1, 0, Integer.MAX_VALUE).ifPresentOrElse(
        v -> garpLowerPrioRepeat = (int) v, () -> a.error("vrrp_garp_lower_prio_repeat '" + a.get(1) + "' invalid - ignoring")));
    t.add("vrrp_garp_interval", a -> a.timer(1, TIMER_MIN, TIMER_MAX).ifPresentOrElse(
        v -> garpInterval = v, () -> a.error("vrrp_garp_interval '" + a.get(1) + "' is invalid")));
    t.add("vrrp_gna_interval", a -> a.timer(1, TIMER_MIN, TIMER_MAX).ifPresentOrElse(
        v -> gnaInterval = v, () -> a.error("vrrp_gna_interval '" + a.get(1) + "' is invalid")));
    t.add("vrrp_min_garp", a -> a.bool(1, "vrrp_min_garp").ifPresent(v -> minGarp = v));
    t.add("vrrp_garp_extra_if", a -> {
      int i = 1;
      if (a.opt(1).filter("all"::equals).isPresent()) {
        garpExtraIfAll = true;
        i = 2;
      }
      a.unsigned(i, 0, 86400).ifPresent(v -> garpExtraIf = v);
    });
    t.add("vrrp_lower_prio_no_advert", a -> a.bool(1, "vrrp_lower_prio_no_advert").ifPresent(v -> lowerPrioNoAdvert = v));
    t.add("vrrp_higher_prio_send_advert", a -> a.bool(1, "vrrp_higher_prio_send_advert").ifPresent(v -> higherPrioSendAdvert = v));
    t.add("vrrp_down_timer_adverts", a -> a.unsigned(1, 1, 100).ifPresentOrElse(v -> downTimerAdverts = (int) v,
        () -> a.error("Invalid vrrp_down_timer_adverts [1:100] '" + a.get(1) + "'")));
    t.add("vrrp_startup_delay", a -> a.timer(1, 0, TIMER_MAX).ifPresent(v -> startupDelay = Math.max(startupDelay, v)));
    t.add("vrrp_delay_after_boot", a -> a.timer(1, 0, TIMER_MAX).ifPresent(v -> startupDelay = Math.max(startupDelay, v)));
    t.add("vrrp_notify_priority_changes", a -> a.bool(1, "vrrp_notify_priority_changes").ifPresent(v -> notifyPriorityChanges = v));
    t.add("notify_fifo", a -> notifyFifo = a.missing("No notify_fifo name specified") ? notifyFifo : fifo(a, notifyFifo));
    t.add("notify_fifo_script", a -> notifyFifo = a.missing("No notify_fifo_script specified") ? notifyFifo : fifoScript(a, notifyFifo));
    t.add("vrrp_notify_fifo", a -> vrrpNotifyFifo = a.missing("No vrrp_notify_fifo name specified") ? vrrpNotifyFifo : fifo(a, vrrpNotifyFifo));
    t.add("vrrp_notify_fifo_script", a -> vrrpNotifyFifo = a.missing("No vrrp_notify_fifo_script specified") ? vrrpNotifyFifo : fifoScript(a, vrrpNotifyFifo));
    t.add("lvs_notify_fifo", a -> lvsNotifyFifo = a.missing("No lvs_notify_fifo name specified") ? lvsNotifyFifo : fifo(a, lvsNotifyFifo));
    t.add("lvs_notify_fifo_script", a -> lvsNotifyFifo = a.missing("No lvs_notify_fifo_script specified") ? lvsNotifyFifo : fifoScript(a, lvsNotifyFifo));
    t.add("fifo_write_vrrp_states_on_reload", a -> fifoWriteStatesOnReload = true);
    t.add("dynamic_interfaces", a -> dynamicInterfaces = true);
    t.add("default_interface", a -> {
      if (!a.missing("default_interface requires interface name")) {
        defaultInterface = a.get(1);
      }
    });
    t.add("lvs_sync_daemon", a -> lvsSyncDaemon = LvsSyncDaemonLine.parse(a, lvsSyncDaemon));
    t.add("lvs_timeouts", a -> {
      // keepalived's lvs_timeouts(): an option and its value at least; an unknown option is reported and the
      // next word read as an option; an option that ends the line has no value
      if (a.size() < 3) {
        a.error("lvs_timeouts requires at least one option");
        return;
      }
      for (int i = 1; i < a.size(); ) {
        String k = a.get(i);
        if (!k.equals("tcp") && !k.equals("tcpfin") && !k.equals("udp")) {
          a.error("Unknown option " + k + " specified for lvs_timeouts");
          i++;
          continue;
        }
        if (i + 1 >= a.size()) {
          a.error("No value specified for lvs_timeout " + k + " - ignoring");
          break;
        }
        int key = i;
        a.unsigned(i + 1, 0, 86400L * 31).ifPresentOrElse(v -> lvsTimeouts.put(a.words().get(key), (int) v),
            () -> a.error("Invalid lvs_timeout " + k + " (" + a.get(key + 1) + ") - ignoring"));
        i += 2;
      }
    });
    t.add("lvs_flush", a -> lvsFlush = true);
    t.add("lvs_flush_on_stop", a -> lvsFlushOnStop = true);
    t.add("startup_script", a -> {
      if (!a.missing("startup script missing")) {
        startupScript = script(a);
      }
    });
    t.add("startup_script_timeout", a -> a.unsigned(1, 1, 1000).ifPresent(v -> startupScriptTimeout = (int) v));
    t.add("shutdown_script", a -> {
      if (!a.missing("shutdown script missing")) {
        shutdownScript = script(a);
      }
    });
    t.add("shutdown_script_timeout", a -> a.unsigned(1, 1, 1000).ifPresent(v -> shutdownScriptTimeout = (int) v));
    t.add("reload_check_config", a -> {
      reloadCheckConfig = true;
      reloadCheckConfigFile = a.opt(1).orElse(null);
    });
    t.add("reload_time_file", a -> {
      if (a.size() != 2) {
        a.error("reload_time_file invalid");
        return;
      }
      reloadTimeFile = a.get(1);
    });
    t.add("reload_repeat", a -> reloadRepeat = true);
    t.add("reload_file", a -> reloadFile = a.opt(1).orElse(GlobalDefs.DEFAULT_RELOAD_FILE));
    t.add("vmac_prefix", a -> vmacPrefix = a.get(1));
    t.add("vmac_addr_prefix", a -> vmacAddrPrefix = a.get(1));
    t.add("nftables", a -> {
      String name = a.opt(1).orElse("keepalived");
      if (name.length() >= 256) {
        a.error("nftables table name too long - ignoring");
        return;
      }
      nftTable = name;
    });
    t.add("nftables_priority", a -> a.integer(1, Integer.MIN_VALUE, Integer.MAX_VALUE).ifPresent(v -> nftPriority = (int) v));
    t.add("nftables_counters", a -> nftCounters = true);
    Consumer<String> keep = name -> t.add(name, a -> other.put(name, List.copyOf(a.words().subList(1, a.size()))));
    for (String name : OTHER_KEYWORDS) {
      keep.accept(name);
    }
    return t;
  }

  /** keepalived keywords accepted and kept verbatim; vertalived does not act on them. */
  static final String[] OTHER_KEYWORDS = {
      "enable_snmp_vrrp", "enable_snmp_keepalived", "enable_snmp_checker", "enable_snmp_rfc",
      "enable_snmp_rfcv2", "enable_snmp_rfcv3", "enable_traps", "snmp_socket", "enable_dbus",
      "dbus_service_name", "max_auto_priority", "min_auto_priority_delay", "vrrp_rt_priority",
      "vrrp_priority", "vrrp_no_swap", "vrrp_cpu_affinity", "checker_rt_priority",
      "checker_priority", "checker_no_swap", "checker_cpu_affinity", "bfd_rt_priority",
      "bfd_priority", "bfd_no_swap", "bfd_cpu_affinity", "net_namespace", "net_namespace_ipvs",
      "instance", "use_pid_dir", "linkbeat_use_polling", "child_wait_time", "process_names",
      "process_name", "vrrp_process_name", "checker_process_name", "bfd_process_name", "umask",
      "include_check", "config_save_dir", "tmp_config_directory", "vrrp_iptables",
      "vrrp_ipsets", "nftables_ifindex",
      "disable_local_igmp", "log_unknown_vrids", "vrrp_rx_bufs_policy",
      "vrrp_rx_bufs_multiplier", "vrrp_netlink_cmd_rcv_bufs",
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
      "use_symlink_paths", "vrrp_mcast_dst", "vrrp_version_3_checksum_as_v2",
  };

  private static ScriptCommand script(Args a) {
    return ScriptCommand.parse(a.get(1), a.opt(2).orElse(null), a.opt(3).orElse(null));
  }

  private static Fifo fifo(Args a, Fifo old) {
    return new Fifo(a.get(1), a.opt(2).orElse(null), a.opt(3).orElse(null),
        old == null ? null : old.script());
  }

  private static Fifo fifoScript(Args a, Fifo old) {
    ScriptCommand s = script(a);
    return old == null ? new Fifo(null, null, null, s) : new Fifo(old.path(), old.user(), old.group(), s);
  }

  /** The finished {@code global_defs} with keepalived's derived defaults (keepalived.conf(5) Global definitions). */
  public GlobalDefs build() {
    String host = hostname;
    double lowerDelay = garpLowerPrioDelay != null ? garpLowerPrioDelay : (vrrpStrict ? 0 : garpMasterDelay);
    int lowerRepeat = garpLowerPrioRepeat != null ? garpLowerPrioRepeat : (vrrpStrict ? 0 : garpMasterRepeat);
    GlobalDefs.Garp garp = new GlobalDefs.Garp(
        minGarp ? 0 : garpMasterDelay, minGarp ? 1 : garpMasterRepeat, garpMasterRefresh,
        garpMasterRefreshRepeat, lowerDelay, lowerRepeat, garpInterval, gnaInterval, minGarp,
        garpExtraIf, garpExtraIfAll);
    return new GlobalDefs(
        routerId != null ? routerId : host,
        List.copyOf(notificationEmail),
        notificationEmailFrom != null ? notificationEmailFrom : "keepalived@" + host,
        smtpServer, smtpPort,
        smtpHeloName != null ? smtpHeloName : host,
        smtpConnectTimeout, smtpPassword, smtpAlert, smtpAlertVrrp, smtpAlertChecker,
        noEmailFaults, checkerLogAllFailures, enableScriptSecurity,
        scriptUser, scriptGroup, vrrpVersion, mcastGroup4, mcastGroup6, vrrpStrict,
        skipCheckAdvAddr, checkUnicastSrc, garp,
        lowerPrioNoAdvert != null ? lowerPrioNoAdvert : vrrpStrict,
        higherPrioSendAdvert != null && higherPrioSendAdvert && !vrrpStrict,
        downTimerAdverts, startupDelay, notifyPriorityChanges, notifyFifo, vrrpNotifyFifo,
        lvsNotifyFifo, fifoWriteStatesOnReload, dynamicInterfaces, defaultInterface,
        lvsSyncDaemon, Map.copyOf(lvsTimeouts), lvsFlush, lvsFlushOnStop, startupScript,
        startupScriptTimeout, shutdownScript, shutdownScriptTimeout, reloadCheckConfig, reloadCheckConfigFile,
        reloadTimeFile, reloadRepeat, reloadFile, vmacPrefix, vmacAddrPrefix, new GlobalDefs.Nftables(nftTable, nftPriority, nftCounters), java.util.Collections.unmodifiableMap(new LinkedHashMap<>(other)));
  }
}
