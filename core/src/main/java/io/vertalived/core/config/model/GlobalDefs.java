package io.vertalived.core.config.model;

import java.util.List;
import java.util.Map;

/**
 * {@code global_defs} (keepalived.conf(5) Global definitions), with keepalived's defaults applied. Durations are in seconds.
 * Keywords keepalived accepts that vertalived does not act on are kept verbatim in
 * {@code otherKeywords}.
 */
public record GlobalDefs(
    String routerId,
    List<String> notificationEmail,
    String notificationEmailFrom,
    String smtpServer,
    int smtpPort,
    String smtpHeloName,
    int smtpConnectTimeout,
    Secret smtpPassword,
    Boolean smtpAlert,
    Boolean smtpAlertVrrp,
    Boolean smtpAlertChecker,
    boolean noEmailFaults,
    boolean checkerLogAllFailures,
    boolean enableScriptSecurity,
    String scriptUser,
    String scriptGroup,
    int vrrpVersion,
    IpAddress vrrpMcastGroup4,
    IpAddress vrrpMcastGroup6,
    boolean vrrpStrict,
    boolean vrrpSkipCheckAdvAddr,
    boolean vrrpCheckUnicastSrc,
    Garp garp,
    boolean vrrpLowerPrioNoAdvert,
    boolean vrrpHigherPrioSendAdvert,
    int vrrpDownTimerAdverts,
    double vrrpStartupDelay,
    boolean vrrpNotifyPriorityChanges,
    Fifo notifyFifo,
    Fifo vrrpNotifyFifo,
    Fifo lvsNotifyFifo,
    boolean fifoWriteVrrpStatesOnReload,
    boolean dynamicInterfaces,
    String defaultInterface,
    /** {@code lvs_sync_daemon} as written (null: none); {@link LvsSyncDaemon#of} resolves it. */
    LvsSyncDaemon lvsSyncDaemon,
    Map<String, Integer> lvsTimeouts,
    boolean lvsFlush,
    boolean lvsFlushOnStop,
    ScriptCommand startupScript,
    int startupScriptTimeout,
    ScriptCommand shutdownScript,
    int shutdownScriptTimeout,
    boolean reloadCheckConfig,
    /** {@code reload_check_config LOG_FILE}: where the check's problems go (null: /dev/null). */
    String reloadCheckConfigFile,
    /** {@code reload_time_file}: the file whose first line schedules a reload (null: none). */
    String reloadTimeFile,
    /** {@code reload_repeat}: a time-only reload_time_file reloads every day at that time. */
    boolean reloadRepeat,
    /** {@code reload_file [PATH]}: the file present while a reload reads the configuration (null: none). */
    String reloadFile,
    String vmacPrefix,
    String vmacAddrPrefix,
    Nftables nftables,
    Map<String, List<String>> otherKeywords) {

  /** {@code reload_file} without a path: keepalived's {@code keepalived.reload} in the PID directory, ours. */
  public static final String DEFAULT_RELOAD_FILE = "/run/vertalived.reload";

  /**
   * Where the no-accept firewall goes (keepalived.conf(5) Global definitions, vrrp_strict): {@code nftables [TABLE]} (default
   * {@code keepalived}), {@code nftables_priority} of its chains (default -1, before the
   * filter table), {@code nftables_counters} (a counter on each drop rule).
   */
  public record Nftables(String table, int priority, boolean counters) {}

  /**
   * Gratuitous ARP / unsolicited NA settings (keepalived.conf(5) Global definitions; keepalived.conf(5) vrrp_garp_*). Instances inherit these unless
   * they override them; times in seconds.
   */
  public record Garp(
      double masterDelay,
      int masterRepeat,
      double masterRefresh,
      int masterRefreshRepeat,
      double lowerPrioDelay,
      int lowerPrioRepeat,
      double interval,
      double gnaInterval,
      boolean minGarp,
      double extraIfInterval,
      boolean extraIfAll) {}
}
