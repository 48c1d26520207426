package io.vertalived.core.dump;

import io.vertalived.core.config.model.Fifo;
import io.vertalived.core.config.model.GlobalDefs;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The "Global definitions" section of keepalived 2.2.7's data dumps (keepalived(8) SIGNALS, as
 * Debian's build writes it): the same lines in the same order, from the model's values and, for
 * what vertalived does not have (SNMP, DBus, process priorities, netlink buffers), keepalived's
 * defaults. The VRRP process resolves the instance defaults the others print as unset.
 */
public final class GlobalDefinitionsDump {
  /** Which of keepalived's processes' dump this is. */
  public enum Process { PARENT, VRRP, CHECKER }

  private GlobalDefinitionsDump() {}

  public static List<String> lines(GlobalDefs g, Process process) {
    List<String> out = new ArrayList<>();
    out.add("------< Global definitions >------");
    out.add(" Network namespace = (default)");
    out.add(" Network namespace ipvs = (main namespace)");
    out.add(" Router ID = " + g.routerId());
    if (g.smtpServer() != null) {
      out.add(" Smtp server = " + g.smtpServer());
      out.add(" Smtp server port = " + g.smtpPort());
    }
    if (g.smtpServer() != null) {
      if (g.smtpHeloName() != null) {
        out.add(" Smtp HELO name = " + g.smtpHeloName());
      }
      out.add(" Smtp server connection timeout = " + g.smtpConnectTimeout());
    }
    if (g.notificationEmailFrom() != null && (g.smtpServer() != null || !g.notificationEmail().isEmpty())) {
      out.add(" Email notification from = " + g.notificationEmailFrom());
    }
    if (!g.notificationEmail().isEmpty()) {
      out.add(" Email notification to:");
      g.notificationEmail().forEach(e -> out.add("   " + e));
    }
    out.add(" Default smtp_alert = " + DumpText.onOff(g.smtpAlert()));
    out.add(" Default smtp_alert_vrrp = " + DumpText.onOff(g.smtpAlertVrrp()));
    out.add(" Default smtp_alert_checker = " + DumpText.onOff(g.smtpAlertChecker()));
    out.add(" Checkers log all failures = " + g.checkerLogAllFailures());
    out.add(g.reloadCheckConfig() ? " Test config before reload, log to "
        + (g.reloadCheckConfigFile() != null ? g.reloadCheckConfigFile() : "/dev/null") : " No test config before reload");
    if (g.reloadTimeFile() != null) {
      out.add(" Reload time file = " + g.reloadTimeFile() + (g.reloadRepeat() ? " (repeat)" : ""));
      // keepalived's schedule lives in its parent process: the VRRP process's dump never has one
      out.add(" No reload scheduled");
    }
    if (g.reloadFile() != null) {
      out.add(" Reload_file = " + g.reloadFile());
    }
    if (g.startupScript() != null) {
      out.add(" Startup script = " + DumpText.command(g.startupScript()) + ", uid:gid "
          + DumpText.uidGid(g.startupScript().user(), g.startupScript().group()) + ", timeout " + g.startupScriptTimeout());
    }
    if (g.shutdownScript() != null) {
      out.add(" Shutdown script = " + DumpText.command(g.shutdownScript()) + ", uid:gid "
          + DumpText.uidGid(g.shutdownScript().user(), g.shutdownScript().group()) + " timeout " + g.shutdownScriptTimeout());
    }
    out.add(" Dynamic interfaces = " + g.dynamicInterfaces());
    if (g.dynamicInterfaces()) {
      out.add(" Allow interface changes = false");
    }
    if (g.noEmailFaults()) {
      out.add(" Send emails for fault transitions = off");
    }
    if (process == Process.VRRP) {
      out.add(" Default interface = " + (g.defaultInterface() != null ? g.defaultInterface() : "eth0"));
    }
    out.add(" Disable local IGMP = no");
    out.add(" LVS flush = " + g.lvsFlush());
    out.add(" LVS flush on stop = " + (g.lvsFlushOnStop() ? "full" : "disabled"));
    fifo(out, "Global notify fifo", g.notifyFifo());
    fifo(out, "VRRP notify fifo", g.vrrpNotifyFifo());
    fifo(out, "LVS notify fifo", g.lvsNotifyFifo());
    out.add(" FIFO write vrrp states on reload = " + g.fifoWriteVrrpStatesOnReload());
    out.add(" VRRP notify priority changes = " + g.vrrpNotifyPriorityChanges());
    out.add(" VRRP IPv4 mcast group = " + (g.vrrpMcastGroup4() != null ? g.vrrpMcastGroup4() : "224.0.0.18"));
    out.add(" VRRP IPv6 mcast group = " + (g.vrrpMcastGroup6() != null ? g.vrrpMcastGroup6() : "ff02::12"));
    GlobalDefs.Garp garp = g.garp();
    out.add(" Gratuitous ARP delay = " + (long) garp.masterDelay());
    out.add(" Gratuitous ARP repeat = " + garp.masterRepeat());
    out.add(" Gratuitous ARP refresh timer = " + (long) garp.masterRefresh());
    out.add(" Gratuitous ARP refresh repeat = " + garp.masterRefreshRepeat());
    out.add(" Gratuitous ARP lower priority delay = " + (process == Process.VRRP ? Long.toString((long) garp.lowerPrioDelay()) : "4294967295"));
    out.add(" Gratuitous ARP lower priority repeat = " + (process == Process.VRRP ? Integer.toString(garp.lowerPrioRepeat()) : "4294967295"));
    out.add(" Num adverts before down = " + g.vrrpDownTimerAdverts());
    out.add(" Gratuitous ARP for each secondary " + (garp.extraIfAll() ? "i/f" : "VMAC") + " = " + (long) garp.extraIfInterval() + "s");
    out.add(" Send advert after receive lower priority advert = " + !g.vrrpLowerPrioNoAdvert());
    out.add(" Send advert after receive higher priority advert = " + g.vrrpHigherPrioSendAdvert());
    out.add(" Gratuitous ARP interval = " + String.format(Locale.ROOT, "%f", garp.interval()));
    out.add(" Gratuitous NA interval = " + String.format(Locale.ROOT, "%f", garp.gnaInterval()));
    out.add(" VRRP default protocol version = " + g.vrrpVersion());
    if (g.otherKeywords().containsKey("nftables") || g.nftables() != null && !"keepalived".equals(g.nftables().table())) {
      out.add(" nftables table name = " + g.nftables().table());
      out.add(" nftables base chain priority = " + g.nftables().priority());
      out.add(" nftables don't force use ifindex for link local IPv6");
    }
    out.add(g.nftables() != null && g.nftables().counters() ? " nftables with counters" : " nftables without counters");
    out.add(" libnftnl version 1.2.3");
    out.add(" VRRP check unicast_src = " + g.vrrpCheckUnicastSrc());
    out.add(" VRRP skip check advert addresses = " + g.vrrpSkipCheckAdvAddr());
    out.add(" VRRP strict mode = " + g.vrrpStrict());
    out.add(" Max auto priority = 0");
    out.add(" Min auto priority delay = 1000000 usecs");
    for (String p : List.of("VRRP", "Checker", "BFD")) {
      out.add(" " + p + " process priority = 0");
      out.add(" " + p + " don't swap = false");
      out.add(" " + p + " realtime priority = 0");
      out.add(" " + p + " realtime limit = 10000");
    }
    out.add(" SNMP vrrp disabled");
    out.add(" SNMP checker disabled");
    out.add(" SNMP RFCv2 disabled");
    out.add(" SNMP RFCv3 disabled");
    out.add(" SNMP traps disabled");
    out.add(" SNMP socket = default (unix:/var/agentx/master)");
    out.add(" DBus disabled");
    out.add(" DBus service name = ");
    out.add(" Script security " + (g.enableScriptSecurity() ? "enabled" : "disabled"));
    out.add(" Default script uid:gid " + DumpText.uidGid(g.scriptUser() != null ? g.scriptUser() : "keepalived_script",
        g.scriptGroup()));
    for (String b : List.of("vrrp_netlink_cmd", "vrrp_netlink_monitor", "process_monitor", "lvs_netlink_cmd",
        "lvs_netlink_monitor")) {
      out.add(" " + b + "_rcv_bufs = 0");
      out.add(" " + b + "_rcv_bufs_force = 0");
    }
    out.add(" rs_init_notifies = 0");
    out.add(" no_checker_emails = 0");
    out.add(" rx_bufs_multiples = 3");
    out.add(" umask = 0177");
    if (g.vrrpStartupDelay() > 0) {
      out.add(" vrrp_startup_delay = " + DumpText.g(g.vrrpStartupDelay()));
    }
    if (g.vmacPrefix() != null && !g.vmacPrefix().equals("vrrp")) {
      out.add(" VMAC prefix = " + g.vmacPrefix());
    }
    if (g.vmacAddrPrefix() != null && !g.vmacAddrPrefix().equals("vrrp")) {
      out.add(" VMAC address prefix = " + g.vmacAddrPrefix());
    }
    return out;
  }

  private static void fifo(List<String> out, String what, Fifo f) {
    if (f == null || f.path() == null) {
      return;
    }
    out.add(" " + what + " = " + f.path() + ", uid:gid 0:0");
    if (f.script() != null) {
      out.add(" " + what + " script = " + DumpText.command(f.script()) + ", uid:gid "
          + DumpText.uidGid(f.script().user(), f.script().group()));
    }
  }
}
