package io.vertalived.vrrp.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code vrrp_sync_group} (keepalived.conf(5) VRRP synchronization group(s)): its members move together. One member in FAULT puts
 * all in FAULT; one member yielding to BACKUP takes every MASTER member to BACKUP; a member
 * becomes MASTER only when every member wants MASTER ("prefer backup to avoid thrashing").
 * Pure: after a member's actions, {@link #propagate} returns what the others must do, and the
 * group's own transitions (for its notifies, priority 0 as keepalived reports it).
 */
public final class SyncGroupCoordinator {
  private final String name;
  private final Map<String, VrrpStateMachine> members = new LinkedHashMap<>();
  private VrrpState groupState = VrrpState.INIT;
  /** The members that carry the group's fault (one more in their machine's fault count). */
  private final java.util.Set<String> induced = new java.util.HashSet<>();

  public SyncGroupCoordinator(String name) {
    this.name = name;
  }

  /** MASTER when all members are, FAULT when any is, STOP when all stopped, else BACKUP (INIT before start). */
  public VrrpState state() {
    return groupState;
  }

  public String name() {
    return name;
  }

  /** Adds a member and installs the group's master gate on it. */
  public void add(String instance, VrrpStateMachine machine) {
    members.put(instance, machine);
    machine.setMasterGate(() -> allOthersWantMaster(machine));
  }

  private boolean allOthersWantMaster(VrrpStateMachine self) {
    for (VrrpStateMachine m : members.values()) {
      if (m != self && m.state() != VrrpState.MASTER && !m.wantsMaster()) {
        return false;
      }
    }
    return true;
  }

  /**
   * After a reload rebuilt the group over its members' machines: which members are in FAULT by
   * their own trackers and which only because of the group ({@code previous}, the group of this
   * name before the reload, knows that for the machines it shared with this one; a machine made
   * anew by the reload holds only its own faults), and the group's own state. A group left with
   * members in FAULT only because of it lets them go; a member that joined a group with one in
   * FAULT follows it. The group's transition is returned only if its state differs from the one
   * before the reload (none when it is new and still INIT).
   */
  public Propagation restore(long now, SyncGroupCoordinator previous) {
    induced.clear();
    members.forEach((n, m) -> {
      if (previous != null && previous.members.get(n) == m && previous.induced.contains(n)) {
        induced.add(n); // a machine the reload kept still carries the group's fault in its count
      }
    });
    Map<String, List<VrrpAction>> out = new LinkedHashMap<>();
    followFaults(now, out);
    groupState = previous == null ? VrrpState.INIT : previous.groupState;
    VrrpState state = derivedState();
    VrrpAction.StateChanged change = null;
    if (state != groupState) {
      change = new VrrpAction.StateChanged(groupState, state, 0, "members " + members.keySet() + " " + state
          + " after a reload");
      groupState = state;
    }
    return new Propagation(out, change);
  }

  /** Actions for other members (by instance name) and the group's own transition, if any. */
  public record Propagation(Map<String, List<VrrpAction>> memberActions, VrrpAction.StateChanged groupChange) {}

  /**
   * After {@code instance} performed {@code actions} (or none: a fault of its own raised or cleared while it was
   * already in FAULT changes no state, only its machine's count): what the rest of the group must do.
   */
  public Propagation propagate(long now, String instance, List<VrrpAction> actions) {
    Map<String, List<VrrpAction>> out = new LinkedHashMap<>();
    String why = "sync group " + name + ": " + instance + " ";
    for (VrrpAction a : actions) {
      if (!(a instanceof VrrpAction.StateChanged c)) {
        continue;
      }
      if (c.to() == VrrpState.MASTER) {
        forOthers(instance, out, (n, m) -> m.promote(now, why + "became MASTER"));
      } else if (c.to() == VrrpState.BACKUP && c.from() == VrrpState.MASTER) {
        forOthers(instance, out, (n, m) -> m.forceBackup(now, why + "went to BACKUP"));
      }
    }
    followFaults(now, out);
    VrrpState now2 = derivedState();
    VrrpAction.StateChanged group = null;
    if (now2 != groupState) {
      group = new VrrpAction.StateChanged(groupState, now2, 0, "members " + members.keySet() + " " + now2);
      groupState = now2;
    }
    return new Propagation(out, group);
  }

  /**
   * One member in FAULT by faults of its own puts all in FAULT: every member carries the group's fault (one more in
   * its machine's count, {@link #induced}) while another member has a fault of its own; a member's own faults are
   * its machine's count without the group's. So a member the group put in FAULT that then loses its interface or
   * source address keeps the others in FAULT when the first one recovers, and stays in FAULT itself.
   */
  private void followFaults(long now, Map<String, List<VrrpAction>> out) {
    java.util.Set<String> genuine = new java.util.HashSet<>();
    members.forEach((n, m) -> {
      if (m.faults() > (induced.contains(n) ? 1 : 0)) {
        genuine.add(n);
      }
    });
    String why = "sync group " + name + ": ";
    members.forEach((n, m) -> {
      boolean carry = genuine.size() > (genuine.contains(n) ? 1 : 0);
      List<VrrpAction> acts = List.of();
      if (carry && induced.add(n)) {
        List<String> others = genuine.stream().filter(g -> !g.equals(n)).sorted().toList();
        acts = m.faultRaised(now, why + String.join(", ", others) + " in FAULT");
      } else if (!carry && induced.remove(n)) {
        acts = m.faultCleared(now, why + "no other member is in FAULT");
      }
      if (!acts.isEmpty()) {
        out.computeIfAbsent(n, k -> new ArrayList<>()).addAll(acts);
      }
    });
  }

  private void forOthers(String instance, Map<String, List<VrrpAction>> out,
                         java.util.function.BiFunction<String, VrrpStateMachine, List<VrrpAction>> f) {
    for (Map.Entry<String, VrrpStateMachine> e : members.entrySet()) {
      if (!e.getKey().equals(instance)) {
        List<VrrpAction> more = f.apply(e.getKey(), e.getValue());
        if (!more.isEmpty()) {
          out.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).addAll(more);
        }
      }
    }
  }

  /** MASTER when all are, FAULT when any is, STOP when all stopped, else BACKUP. */
  private VrrpState derivedState() {
    boolean allMaster = true;
    boolean allStopped = true;
    for (VrrpStateMachine m : members.values()) {
      if (m.state() == VrrpState.FAULT) {
        return VrrpState.FAULT;
      }
      allMaster &= m.state() == VrrpState.MASTER;
      allStopped &= m.state() == VrrpState.STOP;
    }
    if (allStopped) {
      return VrrpState.STOP;
    }
    return allMaster ? VrrpState.MASTER : groupState == VrrpState.INIT && !anyStarted() ? VrrpState.INIT : VrrpState.BACKUP;
  }

  private boolean anyStarted() {
    for (VrrpStateMachine m : members.values()) {
      if (m.state() != VrrpState.INIT) {
        return true;
      }
    }
    return false;
  }
}
