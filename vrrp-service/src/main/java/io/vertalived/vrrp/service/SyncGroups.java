package io.vertalived.vrrp.service;

import io.vertalived.core.config.model.VrrpSyncGroup;
import io.vertalived.vrrp.protocol.SyncGroupCoordinator;
import io.vertalived.vrrp.protocol.VrrpAction;
import io.vertalived.vrrp.protocol.VrrpState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The node's {@code vrrp_sync_group}s over its instances: each member's actions go through its
 * group's {@link SyncGroupCoordinator}, whose decisions the other members perform and whose own
 * transitions are notified and published. Built at start and again at every reload (on the VRRP
 * thread); a rebuilt group keeps its state and notifies only if the reload changed it.
 */
final class SyncGroups {
  private static final Logger LOG = Logger.getLogger("io.vertalived.vrrp");

  /** Where a group's transitions go besides its notifies (the bus). */
  @FunctionalInterface
  interface Publisher {
    void transition(VrrpSyncGroup group, VrrpAction.StateChanged change);
  }

  private final Map<String, SyncGroupCoordinator> groups = new HashMap<>();
  /** For every instance in a group, all members of its group (present ones). */
  private final Map<String, List<String>> membersOf = new HashMap<>();

  private SyncGroups() {}

  /**
   * The groups of {@code definitions} over {@code runners} (by instance name); a group none of
   * whose members runs here is left out, as keepalived removes it. With {@code before} (a
   * reload), each group takes the state its namesake had.
   */
  static SyncGroups build(List<VrrpSyncGroup> definitions, Map<String, InstanceRunner> runners, VrrpThread thread,
                          GroupNotifies notifies, Publisher publisher, SyncGroups before) {
    SyncGroups s = new SyncGroups();
    runners.values().forEach(r -> {
      r.syncGroup((name, actions) -> { });
      r.memberOf(null);
    });
    for (VrrpSyncGroup sg : definitions) {
      List<String> present = sg.instances().stream().filter(runners::containsKey).toList();
      if (present.isEmpty()) {
        continue;
      }
      SyncGroupCoordinator group = new SyncGroupCoordinator(sg.name());
      s.groups.put(sg.name(), group);
      for (String m : present) {
        s.membersOf.put(m, present);
        group.add(m, runners.get(m).machine());
        runners.get(m).memberOf(group::state);
      }
      for (String m : present) {
        runners.get(m).syncGroup((instance, actions) -> {
          SyncGroupCoordinator.Propagation p = group.propagate(thread.now(), instance, actions);
          p.memberActions().forEach((name, acts) -> runners.get(name).applyFromGroup(acts));
          if (p.groupChange() != null) {
            changed(sg, p.groupChange(), notifies, publisher);
          }
        });
      }
      if (before != null) {
        SyncGroupCoordinator.Propagation p = group.restore(thread.now(), before.groups.get(sg.name()));
        p.memberActions().forEach((name, acts) -> runners.get(name).applyFromGroup(acts));
        if (p.groupChange() != null) {
          changed(sg, p.groupChange(), notifies, publisher);
        } else {
          notifies.keptAtReload(sg, group.state());
        }
      }
    }
    return s;
  }

  private static void changed(VrrpSyncGroup sg, VrrpAction.StateChanged c, GroupNotifies notifies, Publisher publisher) {
    LOG.info("(" + sg.name() + ") Sync group entering " + c.to() + " STATE");
    notifies.transition(sg, c.to());
    publisher.transition(sg, c);
  }

  /** An instance's group members (itself alone when in no group). */
  List<String> members(String instance) {
    return membersOf.getOrDefault(instance, List.of(instance));
  }

  /** Instance → its group's members, for {@link VrrpCommands} (read on the VRRP thread). */
  Map<String, List<String>> membersOf() {
    return membersOf;
  }

  /** Group name → state, for status and dumps. */
  Map<String, VrrpState> states() {
    Map<String, VrrpState> out = new HashMap<>();
    groups.forEach((n, g) -> out.put(n, g.state()));
    return out;
  }

  List<String> names() {
    return new ArrayList<>(groups.keySet());
  }
}
