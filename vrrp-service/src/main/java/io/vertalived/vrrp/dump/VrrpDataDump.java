package io.vertalived.vrrp.dump;

import io.vertalived.core.config.model.KeepalivedConfig;
import io.vertalived.core.config.model.NotifyScripts;
import io.vertalived.core.config.model.ScriptCommand;
import io.vertalived.core.config.model.Tracker;
import io.vertalived.core.config.model.VirtualAddress;
import io.vertalived.core.config.model.VrrpInstance;
import io.vertalived.core.config.model.VrrpScript;
import io.vertalived.core.config.model.VrrpSyncGroup;
import io.vertalived.core.dump.DumpText;
import io.vertalived.core.dump.GlobalDefinitionsDump;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * keepalived 2.2.7's {@code keepalived.data} (SIGUSR1; keepalived(8) SIGNALS): the global
 * definitions, static addressing, each instance ("VRRP Topology"), the socket pool, sync groups,
 * scripts, track files and processes, and the host's interfaces, line for line as Debian's
 * keepalived writes them (pure: from snapshots taken on the VRRP thread).
 */
public final class VrrpDataDump {
  private VrrpDataDump() {}

  /** keepalived's state numbers (its JSON; the data dump prints names). */
  static int stateNumber(String state) {
    return switch (state) {
      case "BACKUP" -> 1;
      case "MASTER" -> 2;
      case "FAULT" -> 3;
      case "DELETED" -> 97;
      case "STOP" -> 98;
      default -> 0;
    };
  }

  public static String text(KeepalivedConfig c, List<InstanceSnapshot> instances, Map<String, String> groupStates,
                            List<HostInterface> interfaces) {
    return text(c, instances, groupStates, interfaces, java.time.ZoneId.systemDefault());
  }

  /** As above, with the times in {@code zone}. */
  public static String text(KeepalivedConfig c, List<InstanceSnapshot> instances, Map<String, String> groupStates,
                            List<HostInterface> interfaces, java.time.ZoneId zone) {
    List<String> out = new ArrayList<>(GlobalDefinitionsDump.lines(c.global(), GlobalDefinitionsDump.Process.VRRP));
    statics(out, c);
    if (!instances.isEmpty()) {
      out.add("------< VRRP Topology >------");
      instances.forEach(i -> instance(out, c, i, zone));
    }
    sockpool(out, instances);
    syncGroups(out, c, instances, groupStates);
    scripts(out, c, instances);
    trackFiles(out, c);
    trackProcesses(out, c);
    out.add("------< Interfaces >------");
    interfaces.forEach(h -> host(out, h, instances));
    return String.join("\n", out) + "\n";
  }

  private static void statics(List<String> out, KeepalivedConfig c) {
    if (!c.staticIpAddresses().isEmpty()) {
      out.add("------< Static Addresses >------");
      c.staticIpAddresses().forEach(a -> out.add("     " + DumpFormat.vip(a, c.global().defaultInterface(), true)));
    }
    if (!c.staticRoutes().isEmpty()) {
      out.add("------< Static Routes >------");
      c.staticRoutes().forEach(r -> out.add("     " + DumpFormat.route(r)));
    }
    if (!c.staticRules().isEmpty()) {
      out.add("------< Static Rules >------");
      c.staticRules().forEach(r -> out.add("     " + DumpFormat.rule(r)));
    }
  }

  private static void instance(List<String> out, KeepalivedConfig c, InstanceSnapshot s, java.time.ZoneId zone) {
    VrrpInstance vi = s.vi();
    out.add(" VRRP Instance = " + vi.name());
    out.add("   VRRP Version = " + vi.version());
    if (s.syncGroup() != null) {
      out.add("   Sync group = " + s.syncGroup());
    }
    out.add("   State = " + s.state());
    if (s.state().equals("BACKUP") && !s.masterAddress().isEmpty()) {
      out.add("   Master router = " + s.masterAddress());
      out.add("   Master priority = " + s.masterPriority());
      if (vi.version() == 3) {
        out.add(String.format(java.util.Locale.ROOT, "   Master advert int = %.2f sec", s.masterAdverIntervalMicros() / 1e6));
      }
    }
    if (vi.unicast()) {
      out.add("   Flags:");
      out.add("     Using unicast");
    } else {
      out.add("   Flags: none");
    }
    out.add("   Wantstate = " + s.state());
    out.add("   Number of config faults = 0");
    out.add("   Number of interface and track script faults = " + s.faults());
    long init = vi.trackScripts().stream().filter(t -> s.scripts().get(t.name()) == null).count();
    out.add("   Number of track scripts init = " + init);
    out.add("   Last transition = " + DumpText.time(s.lastTransitionMicros(), zone));
    out.add("   Read timeout = " + (s.readTimeoutMicros() < 0 ? "DISABLED" : DumpText.time(s.readTimeoutMicros(), zone)));
    out.add("   Master down timer = " + s.masterDownMicros() + " usecs");
    if (vi.vmacInterface() != null) {
      out.add("   Use VMAC, i/f name " + vi.vmacInterface() + ", is_up = true, xmit_base = "
          + vi.otherKeywords().containsKey("vmac_xmit_base"));
      out.add("   Interface = " + vi.vmacInterface() + ", vmac on " + vi.interfaceName());
      out.add("   Configured interface = " + vi.interfaceName());
    } else {
      out.add("   Interface = " + vi.interfaceName());
    }
    if (vi.dontTrackPrimary()) {
      out.add("   VRRP interface tracking disabled");
    }
    if (vi.skipCheckAdvAddr()) {
      out.add("   Skip checking advert IP addresses");
    }
    if (vi.strictMode()) {
      out.add("   Enforcing strict VRRP compliance");
    }
    out.add("   Using src_ip = " + s.source() + (vi.sourceIp() != null ? " (from configuration)" : ""));
    if (!vi.unicast()) {
      out.add("   Multicast address " + vi.mcastDstIp());
    }
    var garp = vi.garp();
    out.add("   Gratuitous ARP delay = " + (long) garp.masterDelay());
    out.add("   Gratuitous ARP repeat = " + garp.masterRepeat());
    out.add("   Gratuitous ARP refresh = " + (long) garp.masterRefresh());
    out.add("   Gratuitous ARP refresh repeat = " + garp.masterRefreshRepeat());
    out.add("   Gratuitous ARP lower priority delay = " + (long) garp.lowerPrioDelay());
    out.add("   Gratuitous ARP lower priority repeat = " + garp.lowerPrioRepeat());
    out.add("   Down timer adverts = " + vi.downTimerAdverts());
    out.add("   Send advert after receive lower priority advert = " + !vi.lowerPrioNoAdvert());
    out.add("   Send advert after receive higher priority advert = " + vi.higherPrioSendAdvert());
    out.add("   Virtual Router ID = " + vi.virtualRouterId());
    out.add("   Priority = " + vi.priority());
    out.add("   Effective priority = " + s.effectivePriority());
    out.add("   Total priority = " + s.effectivePriority());
    out.add(vi.version() == 2 ? "   Advert interval = " + (long) vi.advertInterval() + " sec"
        : "   Advert interval = " + Math.round(vi.advertInterval() * 1000) + " milli-sec");
    if (s.state().equals("BACKUP") && vi.version() == 3) {
      out.add("   Master advert interval = " + s.masterAdverIntervalMicros() / 1000 + " milli-sec");
    }
    out.add("   Accept = " + (vi.accept() ? "enabled" : "disabled"));
    out.add("   Preempt = " + (vi.nopreempt() ? "disabled" : "enabled"));
    if (vi.preemptDelay() > 0) {
      out.add("   Preempt delay = " + DumpText.g(vi.preemptDelay()) + " secs");
    }
    out.add("   Promote_secondaries = disabled");
    if (vi.version() == 2) {
      switch (vi.authType()) {
        case PASS -> {
          out.add("   Authentication type = SIMPLE_PASSWORD");
          out.add("   Password = " + (vi.authPass() == null ? "" : vi.authPass().value()));
        }
        case AH -> out.add("   Authentication type = IPSEC_AH");
        default -> out.add("   Authentication type = none");
      }
    }
    String dev = vi.vmacInterface() != null ? vi.vmacInterface() : vi.interfaceName();
    if (!vi.virtualIpAddresses().isEmpty()) {
      out.add("   Virtual IP (" + vi.virtualIpAddresses().size() + "):");
      vi.virtualIpAddresses().forEach(a -> out.add("     " + DumpFormat.vip(a, dev, s.vipSet())));
    }
    if (!vi.excludedAddresses().isEmpty()) {
      out.add("   Virtual IP Excluded :");
      vi.excludedAddresses().forEach(a -> out.add("     " + DumpFormat.vip(a, dev, s.vipSet())));
    }
    if (vi.unicast()) {
      out.add("   Unicast TTL = " + (vi.unicastTtl() < 0 ? 255 : vi.unicastTtl()));
      out.add("   Check unicast src : " + (vi.checkUnicastSrc() ? "yes" : "no"));
      out.add("   Unicast Peer :");
      vi.unicastPeers().forEach(p -> out.add("     " + p.address() + " min_ttl " + p.minTtl() + " max_ttl " + p.maxTtl()));
      out.add("   Unicast checksum compatibility = no");
    }
    out.add(s.fds() == null ? "   No sockets allocated" : "   fd_in " + s.fds()[0] + ", fd_out " + s.fds()[1]);
    if (!vi.virtualRoutes().isEmpty()) {
      out.add("   Virtual Routes :");
      vi.virtualRoutes().forEach(r -> out.add("     " + DumpFormat.route(r)));
    }
    if (!vi.virtualRules().isEmpty()) {
      out.add("   Virtual Rules :");
      vi.virtualRules().forEach(r -> out.add("     " + DumpFormat.rule(r)));
    }
    trackers(out, "Tracked interfaces :", vi.trackInterfaces(), c, false);
    trackers(out, "Tracked scripts :", vi.trackScripts(), c, false);
    trackers(out, "Tracked files :", vi.trackFiles(), c, true);
    trackers(out, "Tracked processes :", vi.trackProcesses(), c, true);
    out.add("   Using smtp notification = " + (vi.smtpAlert() ? "yes" : "no"));
    out.add("   Notify deleted = " + (vi.notifyScripts().deleted() != null ? "Deleted" : "Fault"));
    notifyScripts(out, vi.notifyScripts(), true);
    out.add("   Notify priority changes = " + vi.notifyPriorityChanges());
  }

  private static void trackers(List<String> out, String title, List<Tracker> list, KeepalivedConfig c, boolean comma) {
    if (list.isEmpty()) {
      return;
    }
    out.add("   " + title);
    for (Tracker t : list) {
      out.add("     " + t.name() + (comma ? ", " : " ") + "weight " + t.weight() + (t.reverse() ? " reverse" : ""));
    }
  }

  private static void notifyScripts(List<String> out, NotifyScripts n, boolean instance) {
    script(out, "Backup", n.backup());
    script(out, "Master", n.master());
    script(out, "Fault", n.fault());
    script(out, "Stop", n.stop());
    if (instance) {
      script(out, "Deleted", n.deleted());
    }
    script(out, "Generic", n.generic());
    if (instance) {
      script(out, "Master rx lower pri", n.masterRxLowerPri());
    }
  }

  private static void script(List<String> out, String type, ScriptCommand c) {
    if (c != null) {
      out.add("   " + type + " state transition script = " + DumpText.command(c) + ", uid:gid "
          + DumpText.uidGid(c.user(), c.group()));
    }
  }

  /** One block per socket: instances sharing interface, unicast or multicast, and unicast source. */
  private static void sockpool(List<String> out, List<InstanceSnapshot> instances) {
    Map<String, List<InstanceSnapshot>> pools = new LinkedHashMap<>();
    for (InstanceSnapshot s : instances) {
      String key = s.vi().interfaceName() + "/" + s.vi().unicast() + "/" + (s.vi().unicast() ? s.source() : "");
      pools.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
    }
    out.add("------< VRRP Sockpool >------");
    for (List<InstanceSnapshot> pool : pools.values()) {
      InstanceSnapshot first = pool.get(0);
      int[] fds = first.fds();
      out.add(fds == null ? " fd_in -1 fd_out = -1" : " fd_in " + fds[0] + " fd_out = " + fds[1]);
      out.add("   Interface = " + first.vi().interfaceName());
      out.add("   Family = IPv4");
      out.add("   Protocol = " + (first.vi().authType() == VrrpInstance.AuthType.AH && first.vi().version() == 2 ? "AH" : "VRRP"));
      out.add("   Type = " + (first.vi().unicast() ? "Unicast" : "Multicast"));
      if (first.vi().unicast()) {
        out.add("   Address = " + first.source());
      }
      out.add("   Rx buf size = 0");
      out.add("   VRRP instances");
      pool.stream().sorted(java.util.Comparator.comparingInt(s -> s.vi().virtualRouterId()))
          .forEach(s -> out.add("     " + s.vi().name() + " vrid " + s.vi().virtualRouterId()));
    }
  }

  private static void syncGroups(List<String> out, KeepalivedConfig c, List<InstanceSnapshot> instances,
                                 Map<String, String> states) {
    List<VrrpSyncGroup> groups = c.syncGroups().stream().filter(g -> states.containsKey(g.name())).toList();
    if (groups.isEmpty()) {
      return;
    }
    out.add("------< VRRP Sync groups >------");
    for (VrrpSyncGroup g : groups) {
      out.add(" VRRP Sync Group = " + g.name() + ", " + states.get(g.name()));
      long faults = instances.stream().filter(s -> g.instances().contains(s.vi().name()) && s.state().equals("FAULT")).count();
      long init = instances.stream().filter(s -> g.instances().contains(s.vi().name()) && s.state().equals("INIT")).count();
      out.add("   Num member fault " + faults + ", num member init " + init);
      if (!g.instances().isEmpty()) {
        out.add("   VRRP member instances :");
        g.instances().forEach(m -> out.add("     " + m));
      }
      if (g.syncGroupTrackingWeight()) {
        out.add("   sync group tracking weight set");
      }
      out.add("   Using smtp notification = " + (Boolean.TRUE.equals(g.smtpAlert()) ? "yes" : "no"));
      if (g.notifyPriorityChanges() != null) {
        out.add("   Notify priority changes = " + (g.notifyPriorityChanges() ? "yes" : "no"));
      }
      trackers(out, "Tracked interfaces :", g.trackInterfaces(), c, false);
      trackers(out, "Tracked scripts :", g.trackScripts(), c, false);
      trackers(out, "Tracked files :", g.trackFiles(), c, true);
      trackers(out, "Tracked process :", g.trackProcesses(), c, true);
      notifyScripts(out, g.notifyScripts(), false);
    }
  }

  private static void scripts(List<String> out, KeepalivedConfig c, List<InstanceSnapshot> instances) {
    List<VrrpScript> used = new ArrayList<>();
    for (VrrpScript s : c.vrrpScripts().values()) {
      boolean tracked = c.vrrpInstances().stream().anyMatch(vi -> vi.trackScripts().stream().anyMatch(t -> t.name().equals(s.name())))
          || c.syncGroups().stream().anyMatch(g -> g.trackScripts().stream().anyMatch(t -> t.name().equals(s.name())));
      if (tracked) {
        used.add(s);
      }
    }
    if (used.isEmpty()) {
      return;
    }
    out.add("------< VRRP Scripts >------");
    String user = c.global().scriptUser() != null ? c.global().scriptUser() : "keepalived_script";
    for (VrrpScript s : used) {
      Boolean up = null;
      for (InstanceSnapshot i : instances) {
        if (i.scripts().get(s.name()) != null) {
          up = i.scripts().get(s.name());
        }
      }
      out.add(" VRRP Script = " + s.name());
      out.add("   Command = " + (s.script() == null ? "" : DumpText.command(s.script())));
      out.add("   Interval = " + (long) s.interval() + " sec");
      out.add("   Timeout = " + (long) s.timeout() + " sec");
      out.add("   Weight = " + s.weight() + (s.weightReverse() ? " reverse" : ""));
      out.add("   Rise = " + s.rise());
      out.add("   Fall = " + s.fall());
      int result = up == null ? (s.initFail() ? 0 : s.rise() - 1) : up ? s.rise() + s.fall() - 1 : 0;
      out.add("   Result = " + result);
      out.add("   Insecure = no");
      out.add("   Init state = " + (up == null ? (s.initFail() ? "INIT/FAILED" : "INIT") : "unknown"));
      out.add("   Status = " + (up == null ? (s.initFail() ? "BAD" : "GOOD") : up ? "GOOD" : "BAD"));
      out.add("   Script uid:gid = " + DumpText.uidGid(s.script() != null && s.script().user() != null ? s.script().user()
          : user, s.script() != null && s.script().group() != null ? s.script().group() : c.global().scriptGroup()));
      out.add("   VRRP instances :");
      List<String> tracking = new ArrayList<>();
      for (VrrpInstance vi : c.vrrpInstances()) {
        for (Tracker t : vi.trackScripts()) {
          if (t.name().equals(s.name())) {
            tracking.add("     " + vi.name() + ", weight " + t.weight() + (t.reverse() ? " reverse" : ""));
          }
        }
      }
      if (!tracking.isEmpty()) {
        out.add("   Tracking instances :");
        out.addAll(tracking);
      }
      out.add("   State = idle");
    }
  }

  private static void trackFiles(List<String> out, KeepalivedConfig c) {
    if (c.trackFiles().isEmpty()) {
      return;
    }
    out.add("------< VRRP Track files >------");
    c.trackFiles().values().forEach(f -> {
      out.add(" Track file = " + f.name());
      out.add("   File = " + f.file());
      out.add("   Weight = " + f.weight() + (f.weightReverse() ? " reverse" : ""));
    });
  }

  private static void trackProcesses(List<String> out, KeepalivedConfig c) {
    if (c.trackProcesses().isEmpty()) {
      return;
    }
    out.add("------< VRRP Track processes >------");
    c.trackProcesses().values().forEach(p -> out.add(" Process = " + p.name()));
  }

  private static void host(List<String> out, HostInterface h, List<InstanceSnapshot> instances) {
    out.add(" Name = " + h.name());
    out.add("   index = " + h.index());
    out.add("   IPv4 address = " + (h.ipv4().isEmpty() ? "(none)" : h.ipv4().get(0)));
    if (h.ipv4().size() > 1) {
      out.add("   Additional IPv4 addresses :");
      h.ipv4().subList(1, h.ipv4().size()).forEach(a -> out.add("     " + a));
    }
    out.add("   IPv6 address = " + (h.ipv6().isEmpty() ? "(none)" : h.ipv6().get(0)));
    if (h.ipv6().size() > 1) {
      out.add("   Additional IPv6 addresses :");
      h.ipv6().subList(1, h.ipv6().size()).forEach(a -> out.add("     " + a));
    }
    if (h.mac() != null) {
      out.add("   MAC = " + h.mac());
      out.add("   MAC broadcast = ff:ff:ff:ff:ff:ff");
    }
    out.add("   State = " + h.state());
    out.add("   Seen up = " + (h.up() ? 1 : 0));
    out.add("   Delayed state change running = false");
    out.add("   Up debounce timer = 0us");
    out.add("   Down debounce timer = 0us");
    out.add("   MTU = " + h.mtu());
    out.add("   HW Type = " + (h.loopback() ? "LOOPBACK" : h.mac() != null ? "ETHERNET" : "UNKNOWN (0)"));
    out.add("   NIC netlink status update");
    out.add("   Reset ARP config counter 0");
    out.add("   Original arp_ignore 0");
    out.add("   Original arp_filter 0");
    out.add("   Original promote_secondaries 0");
    out.add("   Reset promote_secondaries counter 0");
    List<String> tracking = new ArrayList<>();
    for (InstanceSnapshot s : instances) {
      VrrpInstance vi = s.vi();
      if (vi.interfaceName().equals(h.name()) && !vi.dontTrackPrimary()) {
        tracking.add("     " + vi.name() + ", weight 0");
      }
      for (Tracker t : vi.trackInterfaces()) {
        if (t.name().equals(h.name())) {
          tracking.add("     " + vi.name() + ", weight " + t.weight() + (t.reverse() ? " reverse" : ""));
        }
      }
    }
    if (!tracking.isEmpty()) {
      out.add("   Tracking VRRP instances :");
      out.addAll(tracking);
    }
  }

}
