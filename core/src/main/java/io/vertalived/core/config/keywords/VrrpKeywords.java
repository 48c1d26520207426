package io.vertalived.core.config.keywords;

import io.vertalived.core.config.model.IpAddress;
import io.vertalived.core.config.model.ScriptCommand;
import io.vertalived.core.config.model.Secret;
import io.vertalived.core.config.model.UnicastPeer;
import io.vertalived.core.config.model.VrrpInstance;
import io.vertalived.core.config.parse.Args;
import io.vertalived.core.config.parse.KeywordTable;
import java.util.List;
import java.util.OptionalLong;

/**
 * The keywords of {@code vrrp_instance} (keepalived.conf(5) VRRP instance(s)). Each handler writes into the
 * {@link InstanceDraft} being read, with keepalived's messages for bad values.
 */
final class VrrpKeywords {
  /** keepalived's UINT_MAX / TIMER_HZ: the longest delay in whole seconds. */
  static final long TIMER_MAX_SECONDS = 4294;

  private final VrrpSection section;

  VrrpKeywords(VrrpSection section) {
    this.section = section;
  }

  private InstanceDraft d() {
    return section.currentInstance;
  }

  private String tag() {
    return "(" + d().name + ")";
  }

  KeywordTable instanceTable() {
    KeywordTable t = new KeywordTable();
    t.add("state", a -> {
      String s = a.get(1);
      switch (s) {
        case "MASTER" -> d().state = VrrpInstance.State.MASTER;
        case "BACKUP" -> d().state = VrrpInstance.State.BACKUP;
        default -> {
          a.error(tag() + " unknown state '" + s + "', defaulting to BACKUP");
          d().state = VrrpInstance.State.BACKUP;
        }
      }
    });
    t.add("interface", a -> {
      String ifname = a.get(1);
      if (section.host.isLoopback(ifname)) {
        a.error(tag() + " cannot use a loopback interface (" + ifname + ") for vrrp - ignoring");
        return;
      }
      d().interfaceName = ifname;
      d().interfaceLocation = a.location();
      if (!section.host.interfaceExists(ifname) && !section.global.dynamicInterfaces) {
        a.error("WARNING - interface " + ifname + " for vrrp_instance " + d().name + " doesn't exist");
        section.missingInterface = true;
      }
    });
    t.add("virtual_router_id", a -> a.integer(1, 1, 255).ifPresentOrElse(v -> d().vrid = (int) v,
        () -> a.error(tag() + ": VRID '" + a.get(1) + "' not valid - must be between 1 & 255")));
    t.add("priority", a -> a.integer(1, 1, 255).ifPresentOrElse(v -> d().priority = (int) v, () -> {
      a.error(tag() + " Priority not valid! must be between 1 & 255. Using default 100");
      d().priority = 100;
    }));
    // vrrp_adv_handler(): read_decimal_unsigned_strvec() with six decimals, base 10 (as read_timer())
    t.add("advert_int", a -> a.timer(1, 0.01, 255).ifPresentOrElse(v -> d().advertInt = v,
        () -> a.error(tag() + " Advert interval (" + a.get(1) + ") not valid! Must be > 0 - ignoring")));
    // keepalived's vrrp_version_handler(): another version than one set before, or 2 in an IPv6 instance, is ignored
    t.add("version", a -> a.integer(1, 2, 3).ifPresentOrElse(v -> {
      Integer before = d().version;
      if ((before != null && before != v) || (v == 2 && Boolean.TRUE.equals(d().ipv6))) {
        a.error(tag() + " vrrp_version " + v + " conflicts with configured or deduced version "
            + (before == null ? 0 : before) + "; ignoring.");
        return;
      }
      d().version = (int) v;
    },
        () -> a.error(tag() + ": Version must be either 2 or 3")));
    t.block("authentication", a -> { }, this::authTable, null);
    t.valueBlock("virtual_ipaddress", a -> AddressLines.address(a, section::interfaceKnown).ifPresent(v -> {
      // keepalived's alloc_vrrp_vip(): the family is the instance's, or the VIP is dropped
      if (!family(v.address().isIpv6())) {
        a.error("(" + d().name + "): address family must match VRRP instance [" + a.get(0) + "] - ignoring");
        return;
      }
      d().vips.add(v);
    }));
    t.valueBlock("virtual_ipaddress_excluded", a -> AddressLines.address(a, section::interfaceKnown).ifPresent(d().evips::add));
    t.valueBlock("virtual_routes", a -> AddressLines.route(a, section::interfaceKnown).ifPresent(d().routes::add));
    t.valueBlock("virtual_rules", a -> AddressLines.rule(a, section::interfaceKnown).ifPresent(d().rules::add));
    t.add("no_virtual_ipaddress", a -> d().noVirtualIpAddress = true);
    t.add("mcast_src_ip", a -> sourceIp(a));
    t.add("unicast_src_ip", a -> {
      d().unicastConfigured = true;
      sourceIp(a);
    });
    t.valueBlock("unicast_peer", a -> {
      d().unicastPeerBlockSeen = true;
      d().unicastConfigured = true;
    }, this::unicastPeer, null);
    t.add("unicast_ttl", a -> a.integer(1, 0, 255).ifPresent(v -> {
      d().unicastTtl = (int) v;
      d().unicastTtlSet = true;
    }));
    t.add("check_unicast_src", a -> {
      d().checkUnicastSrc = true;
      d().unicastConfigured = true;
    });
    // keepalived's vrrp_debug_handler(): 0-4 (a debug level vertalived does not act on)
    t.add("debug", a -> {
      if (a.unsigned(1, 0, 4).isEmpty()) {
        a.error(tag() + " Debug value '" + a.get(1) + "' not valid; must be between 0-4");
      }
    });
    t.add("unicast_fault_no_peer", a -> {
      d().unicastFaultNoPeer = true;
      d().unicastConfigured = true;
    });
    t.add("mcast_dst_ip", this::mcastDstIp);
    // keepalived's vrrp_native_ipv6_handler(): an IPv6 instance (VRRPv3) before any address says so
    t.add("native_ipv6", a -> {
      if (Boolean.FALSE.equals(d().ipv6)) {
        a.error(tag() + " Cannot specify native_ipv6 with IPv4 addresses");
        return;
      }
      d().ipv6 = true;
      d().version = 3;
    });
    t.add("track_src_ip", a -> d().trackSrcIp = true);
    t.add("nopreempt", a -> d().nopreempt = true);
    t.add("preempt", a -> d().nopreempt = false);
    t.add("preempt_delay", a -> a.timer(1, 0, 1000).ifPresentOrElse(v -> d().preemptDelay = v,
        () -> a.error(tag() + " Preempt_delay not valid! must be between 0-1000")));
    // keepalived's vrrp_garp_*_handler(): delays up to UINT_MAX / TIMER_HZ seconds, the refresh up to UINT_MAX
    t.add("garp_master_delay", a -> a.unsigned(1, 0, TIMER_MAX_SECONDS).ifPresentOrElse(v -> d().garpMasterDelay = (double) v,
        () -> a.error(tag() + ": garp_master_delay '" + a.get(1) + "' invalid - ignoring")));
    t.add("garp_master_repeat", a -> a.unsigned(1, 0, Integer.MAX_VALUE).ifPresent(v -> d().garpMasterRepeat = v == 0 ? 1 : (int) v));
    t.add("garp_master_refresh", a -> a.unsigned(1, 0, 0xffffffffL).ifPresentOrElse(v -> d().garpMasterRefresh = (double) v,
        () -> a.error(tag() + ": Invalid garp_master_refresh '" + a.get(1) + "' - ignoring")));
    t.add("garp_master_refresh_repeat", a -> a.unsigned(1, 0, Integer.MAX_VALUE).ifPresent(v -> d().garpMasterRefreshRepeat = v == 0 ? 1 : (int) v));
    t.add("garp_lower_prio_delay", a -> a.unsigned(1, 0, TIMER_MAX_SECONDS).ifPresentOrElse(
        v -> d().garpLowerPrioDelay = (double) v,
        () -> a.error(tag() + ": garp_lower_prio_delay '" + a.get(1) + "' invalid - ignoring")));
    t.add("garp_lower_prio_repeat", a -> a.unsigned(1, 0, Integer.MAX_VALUE).ifPresent(v -> d().garpLowerPrioRepeat = (int) v));
    t.add("down_timer_adverts", a -> a.unsigned(1, 1, 100).ifPresent(v -> d().downTimerAdverts = (int) v));
    t.add("lower_prio_no_advert", a -> a.bool(1, tag() + " lower_prio_no_advert").ifPresent(v -> d().lowerPrioNoAdvert = v));
    t.add("higher_prio_send_advert", a -> a.bool(1, tag() + " higher_prio_send_advert").ifPresent(v -> d().higherPrioSendAdvert = v));
    t.add("accept", a -> d().accept = true);
    t.add("no_accept", a -> d().accept = false);
    t.add("skip_check_adv_addr", a -> a.bool(1, tag() + " skip_check_adv_addr").ifPresent(v -> d().skipCheckAdvAddr = v));
    t.add("strict_mode", a -> a.bool(1, tag() + " strict_mode").ifPresent(v -> d().strictMode = v));
    t.add("dont_track_primary", a -> d().dontTrackPrimary = true);
    t.valueBlock("track_interface", a -> trackInterface(a));
    t.valueBlock("track_script", a -> TrackerLines.script(a, section.scripts, d().trackScripts, tag()));
    t.valueBlock("track_file", a -> d().trackFiles.add(TrackerLines.ref(a, -254, 254, tag())));
    t.valueBlock("track_process", a -> d().trackProcesses.add(TrackerLines.ref(a, -254, 254, tag())));
    t.valueBlock("track_bfd", a -> TrackerLines.bfd(a, section.bfd.instances, d().trackBfds, tag()));
    // a second script of a kind is reported and the first kept (keepalived's vrrp_notify_*_handler)
    t.add("notify_master", a -> d().notifyMaster = Scripts.once(a, d().notifyMaster, tag() + " notify_master script", section));
    t.add("notify_backup", a -> d().notifyBackup = Scripts.once(a, d().notifyBackup, tag() + " notify_backup script", section));
    t.add("notify_fault", a -> d().notifyFault = Scripts.once(a, d().notifyFault, tag() + " notify_fault script", section));
    t.add("notify_stop", a -> d().notifyStop = Scripts.once(a, d().notifyStop, tag() + " notify_stop script", section));
    t.add("notify_deleted", a -> {
      if (d().notifyDeleted != null) {
        a.error(tag() + " notify_deleted already specified - ignoring " + a.opt(1).orElse(""));
        return;
      }
      d().notifyDeleted = Scripts.notify(a, section);
    });
    t.add("notify_master_rx_lower_pri", a -> d().notifyMasterRxLowerPri = Scripts.once(a, d().notifyMasterRxLowerPri,
        tag() + " notify_master_rx_lower_pri script", section));
    t.add("notify", a -> d().notify = Scripts.once(a, d().notify, tag() + " notify script", section));
    t.add("smtp_alert", a -> a.bool(1, () -> "Invalid vrrp_instance smtp_alert parameter " + a.get(1))
        .ifPresent(v -> d().smtpAlert = v));
    t.add("notify_priority_changes", a -> a.bool(1, tag() + " notify_priority_changes").ifPresent(v -> d().notifyPriorityChanges = v));
    t.add("use_vmac", a -> {
      // use_vmac [[name] IFNAME] [MAC] [netlink_notify_msg] [group G]; the default name needs
      // the VRID, which may come later: "" until the instance is complete
      String name = "";
      for (int i = 1; i < a.size(); i++) {
        String w = a.get(i);
        if (w.equals("name") && i + 1 < a.size()) {
          name = a.get(++i);
        } else if (w.equals("group") && i + 1 < a.size()) {
          i++;
        } else if (w.contains(":")) {
          a.warn("(" + d().name + ") use_vmac MAC " + w + " is not supported by vertalived - using 00:00:5e:00:01:<VRID>");
        } else if (!w.equals("netlink_notify_msg") && name.isEmpty()) {
          name = w;
        }
      }
      if (name.length() > 15) {
        a.error("(" + d().name + ") VMAC interface name '" + name + "' is longer than 15 characters - ignoring use_vmac");
        return;
      }
      d().vmacInterface = name;
    });
    for (String k : OTHER) {
      t.add(k, a -> d().other.put(k, List.copyOf(a.words().subList(1, a.size()))));
    }
    return t;
  }

  /** Instance keywords keepalived accepts that vertalived keeps verbatim and does not act on. */
  private static final String[] OTHER = {
      "vmac_xmit_base", "use_vmac_addr", "use_ipvlan", "promote_secondaries",
      "linkbeat_use_polling", "lvs_sync_daemon_interface", "kernel_rx_buf_size", "vrf",
      "old_unicast_checksum", "garp_extra_if", "timer_expired_backup",
      "v3_checksum_as_v2", "owner_ignore_adverts", "auth_hmac",
  };

  private KeywordTable authTable() {
    KeywordTable t = new KeywordTable();
    t.add("auth_type", a -> {
      switch (a.get(1)) {
        case "PASS" -> d().authType = VrrpInstance.AuthType.PASS;
        case "AH" -> d().authType = VrrpInstance.AuthType.AH;
        default -> a.error(tag() + " unknown authentication type '" + a.get(1) + "'");
      }
    });
    t.add("auth_pass", a -> {
      String pass = a.get(1);
      if (pass.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 8) {
        a.error("Truncating auth_pass to 8 characters");
        pass = truncateBytes(pass, 8);
      }
      d().authPass = new Secret(pass);
    });
    return t;
  }

  private static String truncateBytes(String s, int max) {
    byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return new String(b, 0, Math.min(max, b.length), java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  /** Takes the instance's family from its first address; false when {@code v6} is the other one. */
  private boolean family(boolean v6) {
    if (d().ipv6 == null) {
      d().ipv6 = v6;
    }
    return d().ipv6 == v6;
  }

  /**
   * keepalived's vrrp_mcast_dstip_handler(): the group sets the instance's family if nothing has yet; an IPv6 one
   * must be link-local multicast (ff02::/16 and the like, RFC 5798 5.1.2.2).
   */
  private void mcastDstIp(Args a) {
    var parsed = IpAddress.parse(a.get(1));
    if (parsed.isEmpty()) {
      a.error(tag() + " malformed mcast dest address " + a.get(1) + ". Skipping...");
      return;
    }
    IpAddress ip = parsed.get();
    if (!family(ip.isIpv6())) {
      a.error(tag() + " mcast dest address " + a.get(1) + " MUST match VRRP instance family. Skipping...");
      return;
    }
    boolean multicast = ip.isIpv6() ? ip.address().isMCLinkLocal() : ip.address().isMulticastAddress();
    if (!multicast) {
      a.error(tag() + " mcast_dst_ip " + a.get(1) + " not" + (ip.isIpv6() ? " link-local" : "") + " multicast. Skipping...");
      return;
    }
    d().mcastDstIp = ip;
  }

  private void sourceIp(Args a) {
    IpAddress.parseHostPart(a.get(1)).ifPresentOrElse(ip -> {
      if (!family(ip.isIpv6())) {
        a.error("Configuration error: VRRP instance[" + d().name + "] and src address[" + a.get(1)
            + "] MUST be of the same family !!! Skipping...");
        return;
      }
      d().sourceIp = ip;
    }, () -> a.error(
        "Configuration error: VRRP instance[" + d().name + "] malformed src address[" + a.get(1)
            + "]. Skipping..."));
  }

  private void unicastPeer(Args a) {
    var ip = IpAddress.parseHostPart(a.get(0)); // keepalived's alloc_unicast_peer(): inet_stosockaddr()
    if (ip.isEmpty()) {
      a.error(tag() + " Unicast peer '" + a.get(0) + "' is not a valid IP address - skipping");
      return;
    }
    if (!family(ip.get().isIpv6())) {
      a.error("Configuration error: VRRP instance[" + d().name + "] and unicast peer address[" + a.get(0)
          + "] MUST be of the same family !!! Skipping...");
      return;
    }
    int min = 0;
    int max = 255;
    for (int i = 1; i < a.size(); i++) {
      String w = a.get(i);
      if ((w.equals("min_ttl") || w.equals("max_ttl")) && i + 1 < a.size()) {
        OptionalLong v = a.integer(++i, 0, 255);
        if (v.isPresent()) {
          if (w.equals("min_ttl")) {
            min = (int) v.getAsLong();
          } else {
            max = (int) v.getAsLong();
          }
        }
      } else {
        a.error(tag() + " Unknown unicast_peer option '" + w + "'");
      }
    }
    d().unicastPeers.add(new UnicastPeer(ip.get(), min, max));
  }

  private void trackInterface(Args a) {
    String ifname = a.get(0);
    if (!section.host.interfaceExists(ifname) && !section.global.dynamicInterfaces) {
      a.error(tag() + " tracked interface " + ifname + " doesn't exist");
      section.missingInterface = true;
      return;
    }
    if (d().trackInterfaces.stream().anyMatch(t -> t.name().equals(ifname))) {
      a.error(tag() + " duplicate track_interface " + ifname + " - ignoring"); // keepalived's alloc_track_if()
      return;
    }
    d().trackInterfaces.add(TrackerLines.ref(a, -253, 253, tag()));
  }

  /** The script keywords shared by instances and sync groups. */
  static final class Scripts {
    private Scripts() {}

    /** The script of this line, or {@code existing} (then reported as "WHAT already specified - ignoring"). */
    static ScriptCommand once(Args a, ScriptCommand existing, String what, VrrpSection section) {
      if (existing != null) {
        // keepalived's handler names word 1 in its message: a line without one ends the reading
        a.error(what + " already specified - ignoring " + a.get(1));
        return existing;
      }
      return notify(a, section);
    }

    /**
     * The line's script, or null when it gives none ({@link Args#scriptMissing}) or when it names no user
     * and the default one cannot be used (keepalived's notify_script_init(): said once, at the first).
     */
    static ScriptCommand notify(Args a, VrrpSection section) {
      if (a.scriptMissing()) {
        return null;
      }
      if (!a.has(2) && !section.global.defaultScriptUser(section.host, section.diag)) {
        return null;
      }
      return ScriptCommand.parse(a.get(1), a.opt(2).orElse(null),
          a.opt(3).map(g -> g.startsWith(":") ? g.substring(1) : g).orElse(null));
    }
  }
}
