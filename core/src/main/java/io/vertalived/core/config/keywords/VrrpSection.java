package io.vertalived.core.config.keywords;

import io.vertalived.core.config.model.GlobalDefs;
import io.vertalived.core.config.model.NotifyScripts;
import io.vertalived.core.config.model.RouteSpec;
import io.vertalived.core.config.model.ScriptCommand;
import io.vertalived.core.config.model.TrackFile;
import io.vertalived.core.config.model.TrackProcess;
import io.vertalived.core.config.model.Tracker;
import io.vertalived.core.config.model.VirtualAddress;
import io.vertalived.core.config.model.VrrpInstance;
import io.vertalived.core.config.model.VrrpScript;
import io.vertalived.core.config.model.VrrpSyncGroup;
import io.vertalived.core.config.parse.ConfigErrorCategory;
import io.vertalived.core.config.parse.Diagnostics;
import io.vertalived.core.config.parse.KeywordTable;
import io.vertalived.core.config.parse.SourceLocation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The VRRP subsystem's top-level blocks: {@code vrrp_instance}, {@code vrrp_sync_group},
 * {@code vrrp_script}, {@code track_file}, {@code vrrp_track_process}, {@code static_*}.
 */
public final class VrrpSection {
  final HostFacts host;
  final GlobalDefsKeywords global;
  final Diagnostics diag;
  InstanceDraft currentInstance;
  final BfdSection bfd;
  boolean missingInterface;

  final List<InstanceDraft> instances = new ArrayList<>();
  final List<SyncGroupDraft> groups = new ArrayList<>();
  final Map<String, ScriptDraft> scripts = new LinkedHashMap<>();
  final Map<String, TrackFile> trackFiles = new LinkedHashMap<>();
  final Map<String, TrackProcess> trackProcesses = new LinkedHashMap<>();
  final List<VirtualAddress> staticAddresses = new ArrayList<>();
  final List<RouteSpec> staticRoutes = new ArrayList<>();
  final List<RouteSpec> staticRules = new ArrayList<>();

  /**
   * keepalived's if_get_by_ifname(IF_CREATE_IF_DYNAMIC): an interface that does not exist is
   * refused (and remembered, "Non-existent interface specified") unless dynamic_interfaces is set.
   */
  boolean interfaceKnown(String ifname) {
    if (host.interfaceExists(ifname) || global.dynamicInterfaces) {
      return true;
    }
    missingInterface = true;
    return false;
  }

  public VrrpSection(HostFacts host, GlobalDefsKeywords global, Diagnostics diag) {
    this.host = host;
    this.global = global;
    this.diag = diag;
    this.bfd = new BfdSection(diag);
  }

  /** Adds this subsystem's blocks to a root table; {@code active} false skips them. */
  public void register(KeywordTable root, boolean active) {
    String[] names = {"vrrp_instance", "vrrp_sync_group", "vrrp_script", "track_file",
        "vrrp_track_file", "vrrp_track_process", "static_ipaddress", "static_routes",
        "static_rules", "track_group", "linkbeat_interfaces", "garp_group",
        "interface_up_down_delays", "bfd_instance"};
    if (!active) {
      root.inactive(names);
      return;
    }
    // keepalived's vrrp_handler(): exactly one name, not one already used, or the block is skipped
    root.block("vrrp_instance", a -> {
      if (a.size() != 2 || instances.stream().anyMatch(i -> i.name.equals(a.get(1)))) {
        // lines read without a '{' go to the previous instance, as keepalived's; with none, nowhere
        // (keepalived itself reads freed memory there)
        if (currentInstance == null) {
          currentInstance = new InstanceDraft("", a.location());
        }
        a.skipBlock(a.size() != 2 ? "vrrp_instance must have a name" : "vrrp instance " + a.get(1) + " already defined");
      }
      currentInstance = new InstanceDraft(a.get(1), a.location());
      instances.add(currentInstance);
    }, () -> new VrrpKeywords(this).instanceTable(), () -> {
      // keepalived's vrrp_end_handler(), at the closing brace
      if (currentInstance.unicastPeers.isEmpty() && currentInstance.unicastTtlSet) {
        diag.error(ConfigErrorCategory.GENERAL_ERROR,
            "(" + currentInstance.name + "): Cannot use unicast_ttl without unicast peers - resetting");
        currentInstance.unicastTtlSet = false;
        currentInstance.unicastTtl = 255;
      }
    });
    SyncGroupSection sync = new SyncGroupSection(this);
    root.block("vrrp_sync_group", sync::open, sync::table, null);
    ScriptSection scriptSection = new ScriptSection(this);
    root.block("vrrp_script", scriptSection::open, scriptSection::table, scriptSection::close);
    TrackSection track = new TrackSection(this);
    root.block("track_file", track::openFile, track::fileTable, track::closeFile);
    root.block("vrrp_track_file", track::openFile, track::fileTable, track::closeFile);
    root.block("vrrp_track_process", track::openProcess, track::processTable, track::closeProcess);
    root.valueBlock("static_ipaddress", a -> AddressLines.address(a, this::interfaceKnown).ifPresent(staticAddresses::add));
    root.valueBlock("static_routes", a -> AddressLines.route(a, this::interfaceKnown).ifPresent(staticRoutes::add));
    root.valueBlock("static_rules", a -> AddressLines.rule(a, this::interfaceKnown).ifPresent(staticRules::add));
    KeywordTable ignored = new KeywordTable().accept("group", "interface", "interfaces",
        "garp_interval", "gna_interval", "neighbor_ip", "source_ip", "min_rx", "min_tx",
        "idle_tx", "multiplier", "passive", "ttl", "hoplimit", "max_hops", "multihop", "weight",
        "vrrp", "checker");
    // BFD's own subsystem: keepalived runs it in a separate process
    root.block("track_group", a -> {
      if (a.size() != 2) {
        a.skipBlock("track_group must have a name - skipping");
      }
    }, ignored, null);
    root.valueBlock("linkbeat_interfaces", a -> { });
    root.block("garp_group", a -> { }, ignored, null);
    root.valueBlock("interface_up_down_delays", a -> { });
    root.block("bfd_instance", bfd::open, bfd::table, bfd::close);
  }

  /** A {@code vrrp_script} as written. */
  static final class ScriptDraft {
    final String name;
    final SourceLocation location;
    ScriptCommand script;
    double interval = 1;
    Double timeout;
    int weight;
    boolean reverse;
    int rise = 1;
    int fall = 1;
    String user;
    String group;
    boolean initFail;
    boolean removed;

    ScriptDraft(String name, SourceLocation location) {
      this.name = name;
      this.location = location;
    }

    VrrpScript build() {
      ScriptCommand cmd = user == null ? script
          : new ScriptCommand(script.command(), script.argv(), user, group);
      return new VrrpScript(name, cmd, interval, timeout != null ? timeout : interval, weight,
          reverse, rise, fall, initFail);
    }
  }

  /** A {@code vrrp_sync_group} as written. */
  static final class SyncGroupDraft {
    final String name;
    /** No instance of its group exists: keepalived removes it. */
    boolean removed;
    final SourceLocation location;
    final List<String> members = new ArrayList<>();
    final List<SourceLocation> memberLocations = new ArrayList<>();
    final List<TrackerRef> trackInterfaces = new ArrayList<>();
    final List<TrackerRef> trackScripts = new ArrayList<>();
    final List<TrackerRef> trackFiles = new ArrayList<>();
    final List<TrackerRef> trackProcesses = new ArrayList<>();
    final List<TrackerRef> trackBfds = new ArrayList<>();
    ScriptCommand notifyMaster;
    ScriptCommand notifyBackup;
    ScriptCommand notifyFault;
    ScriptCommand notifyStop;
    ScriptCommand notify;
    Boolean smtpAlert;
    Boolean notifyPriorityChanges;
    boolean trackingWeight;

    SyncGroupDraft(String name, SourceLocation location) {
      this.name = name;
      this.location = location;
    }

    /** Its notify scripts, those set. */
    List<ScriptCommand> notifies() {
      return java.util.stream.Stream.of(notifyMaster, notifyBackup, notifyFault, notifyStop, notify)
          .filter(java.util.Objects::nonNull).toList();
    }

    NotifyScripts notifyScripts() {
      return new NotifyScripts(notifyMaster, notifyBackup, notifyFault, notifyStop, null, null, notify);
    }
  }

  // ---- post-parse: the model the services read ----

  /** The finished VRRP part of the model, after keepalived's post-parse rules. */
  public record Result(
      List<VrrpInstance> instances,
      List<VrrpSyncGroup> syncGroups,
      Map<String, VrrpScript> scripts,
      Map<String, TrackFile> trackFiles,
      Map<String, TrackProcess> trackProcesses,
      List<VirtualAddress> staticAddresses,
      List<RouteSpec> staticRoutes,
      List<RouteSpec> staticRules,
      Map<String, io.vertalived.core.config.model.BfdInstance> bfdInstances,
      boolean scriptsUsed) {}

  /** Whether any of these scripts is found (keepalived counts those for script security). */
  private boolean runnable(List<ScriptCommand> notifies) {
    return notifies.stream().anyMatch(c -> host.scriptFound(c.program()));
  }

  public Result build(GlobalDefs g) {
    Map<String, SyncGroupDraft> groupOf = new LinkedHashMap<>();
    List<VrrpSyncGroup> syncGroups = new ArrayList<>();
    Map<String, InstanceDraft> byName = new LinkedHashMap<>();
    for (InstanceDraft d : instances) {
      byName.put(d.name, d);
    }
    for (SyncGroupDraft sg : groups) {
      List<String> members = new ArrayList<>();
      for (int i = 0; i < sg.members.size(); i++) {
        String m = sg.members.get(i);
        if (!byName.containsKey(m)) {
          diag.unlocated(ConfigErrorCategory.GENERAL_ERROR,
              "Virtual router " + m + " specified in sync group " + sg.name + " doesn't exist - ignoring");
          continue;
        }
        if (groupOf.containsKey(m)) {
          diag.unlocated(ConfigErrorCategory.GENERAL_ERROR, "VRRP instance " + m
              + " cannot be in more than one sync group - removing from " + sg.name);
          continue;
        }
        groupOf.put(m, sg);
        members.add(m);
      }
      if (members.isEmpty()) {
        // keepalived's vrrp_sync_set_group(): the group goes, its scripts with it
        diag.unlocated(ConfigErrorCategory.GENERAL_ERROR, "Sync group " + sg.name
            + ", no matching virtual router found in group declaration - removing");
        sg.removed = true;
      }
      if (members.size() == 1) {
        diag.unlocated(ConfigErrorCategory.WARNING, "Sync group " + sg.name + " has only 1 "
            + "virtual router(s) - this probably isn't what you want");
      }
    }
    boolean scriptsUsed = false;
    List<VrrpInstance> built = new ArrayList<>();
    InstanceRules rules = new InstanceRules(this, g);
    for (InstanceDraft d : instances) {
      SyncGroupDraft sg = groupOf.get(d.name);
      VrrpInstance vi = rules.complete(d, sg);
      if (vi != null) {
        built.add(vi);
      }
      // keepalived's check_vrrp_script_security() runs before any instance is checked or completed: every
      // instance's notify scripts count, when found (check_script_secure(): a script not found is not one)
      scriptsUsed |= runnable(d.notifies());
    }
    for (SyncGroupDraft sg : groups) {
      if (sg.removed) {
        continue;
      }
      List<String> members = new ArrayList<>();
      for (Map.Entry<String, SyncGroupDraft> e : groupOf.entrySet()) {
        if (e.getValue() == sg) {
          members.add(e.getKey());
        }
      }
      List<Tracker> sgScripts = rules.resolveScripts(sg.trackScripts, "(" + sg.name + ")", false);
      syncGroups.add(new VrrpSyncGroup(sg.name, members,
          rules.plain(sg.trackInterfaces, 0), sgScripts, rules.plain(sg.trackFiles, 1),
          rules.plain(sg.trackProcesses, 0), rules.plain(sg.trackBfds, 0), sg.notifyScripts(),
          sg.smtpAlert, sg.notifyPriorityChanges, sg.trackingWeight));
    }
    // ... and every sync group's, a group about to be removed for want of instances too
    for (SyncGroupDraft sg : groups) {
      scriptsUsed |= !instances.isEmpty() && runnable(sg.notifies());
    }
    // keepalived checks the security of every vrrp_script it keeps, tracked or not; its check of
    // the VRRP configuration ends before that at a missing interface
    // (with no vrrp_instance at all keepalived has no VRRP configuration to check)
    scriptsUsed |= !instances.isEmpty() && scripts.values().stream().anyMatch(sd -> !sd.removed && sd.script != null
        && host.executable(sd.script.program()));
    if (missingInterface) {
      scriptsUsed = false;
      diag.unlocated(ConfigErrorCategory.BAD_IF, "Non-existent interface specified in configuration");
    }
    for (ScriptDraft s : scripts.values()) {
      // (without any vrrp_instance keepalived has no VRRP configuration to check)
      if (!instances.isEmpty() && !s.removed && s.script != null && !host.executable(s.script.program())) {
        diag.unlocated(ConfigErrorCategory.WARNING, "Disabling track script " + s.name + " since not found/accessible");
      }
    }
    Map<String, VrrpScript> usedScripts = new LinkedHashMap<>();
    for (ScriptDraft s : scripts.values()) {
      if (!s.removed) {
        usedScripts.put(s.name, s.build());
      }
    }
    return new Result(built, syncGroups, usedScripts, trackFiles, trackProcesses,
        staticAddresses, staticRoutes, staticRules, bfd.instances, scriptsUsed);
  }
}
