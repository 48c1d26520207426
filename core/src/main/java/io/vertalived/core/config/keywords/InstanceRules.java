package io.vertalived.core.config.keywords;

import io.vertalived.core.config.model.GlobalDefs;
import io.vertalived.core.config.model.NotifyScripts;
import io.vertalived.core.config.model.Tracker;
import io.vertalived.core.config.model.VirtualAddress;
import io.vertalived.core.config.model.VrrpInstance;
import io.vertalived.core.config.parse.ConfigErrorCategory;
import io.vertalived.core.config.parse.Diagnostics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * keepalived's {@code vrrp_complete_instance()}: the defaults and cross-keyword rules applied to
 * a {@code vrrp_instance} after parsing (keepalived.conf(5) VRRP instance(s); keepalived.conf(5) Global definitions, vrrp_strict; keepalived.conf(5) VRRP synchronization group(s); keepalived.conf(5) VRRP instance(s), track_* weights; RFC 5798 6.1).
 */
final class InstanceRules {
  private final VrrpSection section;
  private final GlobalDefs g;
  private final Diagnostics diag;

  InstanceRules(VrrpSection section, GlobalDefs g) {
    this.section = section;
    this.g = g;
    this.diag = section.diag;
  }

  /**
   * keepalived does not get to its per-instance end checks when an interface of the
   * configuration does not exist (it stops at "Non-existent interface"): nor are they reported here.
   */
  private void error(String message) {
    if (!section.missingInterface) {
      diag.unlocated(ConfigErrorCategory.GENERAL_ERROR, message);
    }
  }

  private void warn(String message) {
    if (!section.missingInterface) {
      diag.unlocated(ConfigErrorCategory.WARNING, message);
    }
  }

  /** The finished instance, or null when keepalived would remove it. */
  VrrpInstance complete(InstanceDraft d, VrrpSection.SyncGroupDraft sg) {
    String tag = "(" + d.name + ")";
    boolean strict = d.strictMode != null ? d.strictMode : g.vrrpStrict();
    if (d.vrid == 0) {
      error(tag + " the virtual router id must be set");
      return null;
    }
    if (d.interfaceName == null && (d.sourceIp == null || d.unicastPeers.isEmpty())) {
      error(tag + " Unknown interface!");
      return null;
    }
    // the VIPs are of the instance's family (checked as they were read)
    boolean ipv6 = d.ipv6 != null && d.ipv6;
    List<VirtualAddress> vips = new ArrayList<>(d.vips);
    // vrrp_complete_instance(): an IPv6 instance is VRRPv3 unless it said version 2 before its first address (an
    // error in strict mode; otherwise keepalived would speak VRRPv2 over IPv6, which no RFC defines: vertalived
    // speaks v3, docs/compatibility.md); an IPv4 one is of its version or vrrp_version
    int version = d.version != null ? d.version : ipv6 ? 3 : g.vrrpVersion();
    if (ipv6 && version == 2) {
      if (strict) {
        error(tag + " cannot use IPv6 with VRRP version 2; setting version 3");
      }
      version = 3;
    }
    if (vips.isEmpty() && !d.noVirtualIpAddress) {
      // RFC 5798 requires an address in a VRRPv3 advert
      if (strict || version == 3) {
        error(tag + " No VIP specified; at least one is required");
        return null;
      }
      warn(tag + " No VIP specified; at least one is sensible");
    }
    // keepalived.conf(5) VRRP instance(s): priority defaults to 255 with state MASTER, else 100; state follows priority
    Integer prio = d.priority;
    VrrpInstance.State state = d.state;
    int priority = prio != null ? prio : (state == VrrpInstance.State.MASTER ? 255 : 100);
    if (state == null) {
      state = priority == 255 ? VrrpInstance.State.MASTER : VrrpInstance.State.BACKUP;
    }
    if (strict && (state == VrrpInstance.State.MASTER) != (priority == 255)) {
      error(tag + " State MASTER must match being address owner");
      state = priority == 255 ? VrrpInstance.State.MASTER : VrrpInstance.State.BACKUP;
    }
    // RFC 5798 6.1 / RFC 3768 5.3.7: v2 intervals are whole seconds; v3 in centiseconds
    double advert = d.advertInt != null ? d.advertInt : 1.0;
    if (version == 2) {
      if (advert != Math.rint(advert)) {
        warn(String.format(Locale.ROOT, "%s VRRPv2 advertisement interval %fs must be an integer. rounding", tag, advert));
        advert = Math.max(1, Math.rint(advert));
      }
    } else {
      double cs = advert * 100;
      if (Math.abs(cs - Math.rint(cs)) > 1e-6) {
        warn(String.format(Locale.ROOT, "%s VRRPv3 advertisement interval %fs must be in units of 10ms - rounding", tag, advert));
      }
      advert = Math.max(1, Math.rint(cs)) / 100.0;
      if (advert > 40.95) {
        warn(tag + " VRRPv3 advertisement interval " + advert + "s must be <= 40.95s - setting to 40.95");
        advert = 40.95;
      }
    }
    boolean nopreempt = d.nopreempt;
    if (nopreempt && priority == 255) {
      warn(tag + " nopreempt is incompatible with priority 255. resetting nopreempt");
      nopreempt = false;
    } else if (nopreempt && state == VrrpInstance.State.MASTER) {
      warn(tag + " nopreempt is incompatible with initial state MASTER. resetting nopreempt");
      nopreempt = false;
    }
    double preemptDelay = d.preemptDelay;
    if (preemptDelay > 0 && (strict || nopreempt || state == VrrpInstance.State.MASTER)) {
      warn(tag + " preempt_delay is incompatible with " + (strict ? "strict mode"
          : nopreempt ? "nopreempt" : "initial state MASTER") + " - resetting");
      preemptDelay = 0;
    }
    // authentication: v2 only, ignored in strict mode and without a password (keepalived.conf(5) VRRP instance(s))
    VrrpInstance.AuthType auth = d.authType;
    var pass = d.authPass;
    if (auth != VrrpInstance.AuthType.NONE) {
      if (strict) {
        error(tag + " Strict mode does not support authentication. Ignoring.");
        auth = VrrpInstance.AuthType.NONE;
      } else if (version == 3) {
        error(tag + " VRRP version 3 does not support authentication. Ignoring.");
        auth = VrrpInstance.AuthType.NONE;
      } else if (pass == null || pass.value().isEmpty()) {
        // vrrp_complete_instance(): an empty password is none, for PASS and AH alike
        error(tag + " Authentication specified but no password given. Ignoring");
        auth = VrrpInstance.AuthType.NONE;
      }
    }
    if (auth == VrrpInstance.AuthType.NONE) {
      pass = null;
    }
    if (strict && !d.unicastPeers.isEmpty()) {
      error(tag + " Unicast peers are not supported in strict mode");
      return null;
    }
    if (d.unicastConfigured && d.unicastPeers.isEmpty() && !d.unicastFaultNoPeer) {
      // keepalived's vrrp_complete_instance(), deprecated since 2.2.4
      warn(tag + " A unicast keyword has been specified without any unicast peers. Defaulting to multicast."
          + " This usage is deprecated - please update your configuration.");
    }
    // vrrp_complete_instance(): RFC 5798 5.2.9 wants the first IPv6 VIP link-local; strict mode says so as an
    // error (the instance runs), otherwise the VRRP service notes it when it starts
    if (ipv6 && strict && d.unicastPeers.isEmpty() && !vips.isEmpty()
        && !vips.get(0).address().address().isLinkLocalAddress()) {
      error(tag + " the first IPv6 VIP address must be link local");
    }
    int downTimerAdverts = d.downTimerAdverts != null ? d.downTimerAdverts : g.vrrpDownTimerAdverts();
    if (strict && downTimerAdverts != 3) {
      warn(tag + " down_timer_adverts must be 3 in strict mode - resetting");
      downTimerAdverts = 3;
    }
    boolean accept = d.accept != null ? d.accept : !strict || priority == 255;
    if (strict && accept && version == 2 && priority != 255) {
      warn(tag + " Strict mode requires no_accept with VRRPv2 unless address owner - resetting");
      accept = false;
    }
    GlobalDefs.Garp garp = d.garp(g.garp());
    boolean lowerPrioNoAdvert = d.lowerPrioNoAdvert != null ? d.lowerPrioNoAdvert : g.vrrpLowerPrioNoAdvert();
    boolean higherPrioSendAdvert = d.higherPrioSendAdvert != null ? d.higherPrioSendAdvert : g.vrrpHigherPrioSendAdvert();
    if (strict) {
      garp = new GlobalDefs.Garp(garp.masterDelay(), garp.masterRepeat(), garp.masterRefresh(),
          garp.masterRefreshRepeat(), 0, 0, garp.interval(), garp.gnaInterval(), garp.minGarp(),
          garp.extraIfInterval(), garp.extraIfAll());
      lowerPrioNoAdvert = true;
      higherPrioSendAdvert = false;
    }
    // keepalived.conf(5) VRRP synchronization group(s): weighted trackers of sync group members are dropped
    boolean dropWeights = sg != null && !sg.trackingWeight;
    List<Tracker> scripts = resolveScripts(d.trackScripts, tag, dropWeights);
    List<Tracker> interfaces = new ArrayList<>();
    for (Tracker t : plain(d.trackInterfaces, 0)) {
      if (t.name().equals(d.interfaceName) && !d.dontTrackPrimary) {
        // the instance's own interface is tracked anyway (unless dont_track_primary)
        warn(tag + " Ignoring track_interface " + t.name() + " since own interface");
        continue;
      }
      interfaces.add(dropWeights ? new Tracker(t.name(), 0, false) : t);
    }
    List<Tracker> files = new ArrayList<>();
    for (TrackerRef r : d.trackFiles) {
      var tf = section.trackFiles.get(r.name());
      if (tf == null) {
        diag.at(r.location());
        diag.error(tag + " track file " + r.name() + " not found, ignoring...");
        continue;
      }
      int w = r.weight() != null ? r.weight() : tf.weight();
      boolean rev = r.reverse() != null ? r.reverse() : tf.weightReverse();
      if (dropWeights && w != 0) {
        if (w != 1) {
          warn(tag + " ignoring track file " + r.name() + " with weight " + w + " due to SYNC group");
          continue;
        }
        w = 0;
      }
      files.add(new Tracker(r.name(), w, rev));
    }
    List<Tracker> processes = new ArrayList<>();
    for (TrackerRef r : d.trackProcesses) {
      var tp = section.trackProcesses.get(r.name());
      if (tp == null) {
        diag.at(r.location());
        diag.error(tag + " track process " + r.name() + " not found, ignoring...");
        continue;
      }
      int w = r.weight() != null ? r.weight() : tp.weight();
      if (dropWeights && w != 0) {
        warn(tag + " ignoring tracked process " + r.name() + " with weights due to SYNC group");
        continue;
      }
      processes.add(new Tracker(r.name(), w, r.reverse() != null ? r.reverse() : tp.weightReverse()));
    }
    List<Tracker> bfds = new ArrayList<>();
    for (TrackerRef r : d.trackBfds) {
      var bfd = section.bfd.instances.get(r.name());
      int w = r.weight() != null ? r.weight() : bfd != null ? bfd.weight() : 0;
      if (dropWeights && w != 0) {
        warn(tag + " ignoring tracked bfd " + r.name() + " with weights due to SYNC group");
        continue;
      }
      bfds.add(new Tracker(r.name(), w, r.reverse() != null && r.reverse()));
    }
    if (priority == 255) {
      scripts = noWeights(scripts, tag, "script");
      files = noWeights(files, tag, "file");
      processes = noWeights(processes, tag, "process");
    }
    boolean smtpAlert = d.smtpAlert != null ? d.smtpAlert
        : g.smtpAlertVrrp() != null ? g.smtpAlertVrrp() : g.smtpAlert() != null && g.smtpAlert();
    boolean notifyPrio = d.notifyPriorityChanges != null ? d.notifyPriorityChanges
        : sg != null && sg.notifyPriorityChanges != null ? sg.notifyPriorityChanges
        : g.vrrpNotifyPriorityChanges();
    boolean checkUnicastSrc = d.checkUnicastSrc != null ? d.checkUnicastSrc : g.vrrpCheckUnicastSrc();
    boolean skipCheck = d.skipCheckAdvAddr != null ? d.skipCheckAdvAddr : g.vrrpSkipCheckAdvAddr();
    NotifyScripts notify = new NotifyScripts(d.notifyMaster, d.notifyBackup, d.notifyFault,
        d.notifyStop, d.notifyDeleted, d.notifyMasterRxLowerPri, d.notify);
    return new VrrpInstance(d.name, state, d.interfaceName, d.vrid, priority, advert, version,
        auth, pass, vips, d.evips, d.routes, d.rules, d.noVirtualIpAddress, d.sourceIp,
        d.unicastPeers, d.unicastTtl, checkUnicastSrc,
        d.mcastDstIp != null ? d.mcastDstIp : ipv6 ? g.vrrpMcastGroup6() : g.vrrpMcastGroup4(),
        d.trackSrcIp, nopreempt, preemptDelay, garp, downTimerAdverts, lowerPrioNoAdvert,
        higherPrioSendAdvert, accept, skipCheck, strict, d.dontTrackPrimary, interfaces, scripts,
        files, processes, bfds, notify, smtpAlert, notifyPrio,
        "".equals(d.vmacInterface) ? g.vmacPrefix() + "." + d.vrid : d.vmacInterface,
        sg != null ? sg.name : null, java.util.Map.copyOf(d.other));
  }

  private List<Tracker> noWeights(List<Tracker> trackers, String tag, String kind) {
    List<Tracker> out = new ArrayList<>();
    for (Tracker t : trackers) {
      if (t.weight() != 0) {
        warn(tag + " Cannot have weighted track " + kind + " '" + t.name()
            + "' with priority 255 - ignoring");
      } else {
        out.add(t);
      }
    }
    return out;
  }

  /** track_script references resolved against the vrrp_scripts (keepalived.conf(5) VRRP script(s); keepalived.conf(5) VRRP synchronization group(s)). */
  List<Tracker> resolveScripts(List<TrackerRef> refs, String tag, boolean dropWeights) {
    List<Tracker> out = new ArrayList<>();
    for (TrackerRef r : refs) {
      VrrpSection.ScriptDraft s = section.scripts.get(r.name());
      if (s == null || s.removed) {
        diag.at(r.location());
        diag.error(tag + " track script " + r.name() + " not found, ignoring...");
        continue;
      }
      int w = r.weight() != null ? r.weight() : s.weight;
      boolean rev = r.reverse() != null ? r.reverse() : s.reverse;
      if (dropWeights && w != 0) {
        warn(tag + " ignoring tracked script " + r.name() + " with weights due to SYNC group");
        continue;
      }
      out.add(new Tracker(r.name(), w, rev));
    }
    return out;
  }

  /** References whose weight is given on the reference line or defaults. */
  List<Tracker> plain(List<TrackerRef> refs, int defaultWeight) {
    List<Tracker> out = new ArrayList<>();
    for (TrackerRef r : refs) {
      out.add(new Tracker(r.name(), r.weight() != null ? r.weight() : defaultWeight,
          r.reverse() != null && r.reverse()));
    }
    return out;
  }
}
