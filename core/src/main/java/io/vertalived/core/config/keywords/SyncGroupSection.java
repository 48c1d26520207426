package io.vertalived.core.config.keywords;

import io.vertalived.core.config.model.ScriptCommand;
import io.vertalived.core.config.parse.Args;
import io.vertalived.core.config.parse.KeywordTable;

/** {@code vrrp_sync_group NAME { group { VI_1 VI_2 } ... }} (keepalived.conf(5) VRRP synchronization group(s)). */
final class SyncGroupSection {
  private final VrrpSection section;
  private VrrpSection.SyncGroupDraft current;

  SyncGroupSection(VrrpSection section) {
    this.section = section;
  }

  /** keepalived's vrrp_group_handler(): exactly one name, not one already used, or the block is skipped. */
  void open(Args a) {
    if (a.size() != 2 || section.groups.stream().anyMatch(g -> g.name.equals(a.get(1)))) {
      // lines read without a '{' go to the previous group (VrrpSection's instances say why)
      if (current == null) {
        current = new VrrpSection.SyncGroupDraft("", a.location());
      }
      a.skipBlock(a.size() != 2 ? "vrrp_sync_group must have a name - skipping"
          : "vrrp sync group " + a.get(1) + " already defined");
    }
    current = new VrrpSection.SyncGroupDraft(a.get(1), a.location());
    section.groups.add(current);
  }

  /** keepalived's vrrp_gnotify_*_handler(): a second script of a kind is reported, the first kept. */
  private ScriptCommand once(Args a, ScriptCommand existing, String kind) {
    return VrrpKeywords.Scripts.once(a, existing, "vrrp group " + current.name + ": " + kind + " script", section);
  }

  private String tag() {
    return "(" + current.name + ")";
  }

  KeywordTable table() {
    KeywordTable t = new KeywordTable();
    // keepalived's vrrp_group_handler(): an empty block is reported (at its '}')
    io.vertalived.core.config.parse.Args[] groupBlock = new io.vertalived.core.config.parse.Args[1];
    int[] membersBefore = new int[1];
    t.valueBlock("group", a -> {
      groupBlock[0] = a;
      membersBefore[0] = current.members.size();
    }, a -> {
      for (String w : a.words()) {
        current.members.add(w);
        current.memberLocations.add(a.location());
      }
    }, () -> {
      if (current.members.size() == membersBefore[0]) {
        groupBlock[0].error("Warning - sync group " + current.name + " has empty group block");
      }
    });
    t.valueBlock("track_interface", a -> {
      if (!section.host.interfaceExists(a.get(0)) && !section.global.dynamicInterfaces) {
        a.error(tag() + " tracked interface " + a.get(0) + " doesn't exist");
        section.missingInterface = true;
        return;
      }
      if (current.trackInterfaces.stream().anyMatch(r -> r.name().equals(a.get(0)))) {
        a.error(tag() + " duplicate track_interface " + a.get(0) + " - ignoring"); // keepalived's alloc_track_if()
        return;
      }
      current.trackInterfaces.add(TrackerLines.ref(a, -253, 253, tag()));
    });
    t.valueBlock("track_script", a -> TrackerLines.script(a, section.scripts, current.trackScripts, tag()));
    t.valueBlock("track_file", a -> current.trackFiles.add(TrackerLines.ref(a, -254, 254, tag())));
    t.valueBlock("track_process", a -> current.trackProcesses.add(TrackerLines.ref(a, -254, 254, tag())));
    t.valueBlock("track_bfd", a -> TrackerLines.bfd(a, section.bfd.instances, current.trackBfds, tag()));
    t.add("notify_master", a -> current.notifyMaster = once(a, current.notifyMaster, "notify_master"));
    t.add("notify_backup", a -> current.notifyBackup = once(a, current.notifyBackup, "notify_backup"));
    t.add("notify_fault", a -> current.notifyFault = once(a, current.notifyFault, "notify_fault"));
    t.add("notify_stop", a -> current.notifyStop = once(a, current.notifyStop, "notify_stop"));
    t.add("notify", a -> current.notify = once(a, current.notify, "notify"));
    t.add("smtp_alert", a -> a.bool(1, () -> "Invalid vrrp_group smtp_alert parameter " + a.get(1))
        .ifPresent(v -> current.smtpAlert = v));
    t.add("notify_priority_changes", a -> a.bool(1, tag() + " notify_priority_changes")
        .ifPresent(v -> current.notifyPriorityChanges = v));
    t.add("sync_group_tracking_weight", a -> current.trackingWeight = true);
    t.add("global_tracking", a -> {
      a.warn("(" + current.name + ") global_tracking is deprecated. Use track_interface/script/file/bfd/process on the sync group");
      current.trackingWeight = true;
    });
    return t;
  }
}
