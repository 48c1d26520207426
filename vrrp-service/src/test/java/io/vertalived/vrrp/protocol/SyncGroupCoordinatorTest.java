package io.vertalived.vrrp.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertalived.vrrp.packet.VrrpPacket;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Spec 4.2 with two members on a virtual clock. */
class SyncGroupCoordinatorTest {
  static final long S = 1_000_000_000L;
  static final InetAddress PEER = addr("198.18.0.1");

  static InetAddress addr(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private final SyncGroupCoordinator group = new SyncGroupCoordinator("VG_1");
  private final VrrpStateMachine ext = machine(1.0);
  private final VrrpStateMachine inside = machine(2.0);
  private final List<VrrpAction.StateChanged> groupChanges = new ArrayList<>();

  SyncGroupCoordinatorTest() {
    group.add("VI_EXT", ext);
    group.add("VI_INT", inside);
  }

  private static VrrpStateMachine machine(double interval) {
    return new VrrpStateMachine(new InstanceParams("x", 2, 100, interval, 3, false, false, 0, false, false, false,
        addr("198.18.0.2")));
  }

  /** Applies a member's actions through the group, recursively, as the service does. */
  private void run(String who, List<VrrpAction> actions, long now) {
    SyncGroupCoordinator.Propagation p = group.propagate(now, who, actions);
    if (p.groupChange() != null) {
      groupChanges.add(p.groupChange());
    }
    for (Map.Entry<String, List<VrrpAction>> e : p.memberActions().entrySet()) {
      run(e.getKey(), e.getValue(), now);
    }
  }

  private void startBoth() {
    run("VI_EXT", ext.start(0), 0);
    run("VI_INT", inside.start(0), 0);
  }

  @Test
  void aMemberWaitsUntilEveryMemberWantsMaster() {
    startBoth();
    // VI_EXT (1 s adverts) expires first at ~3.6 s; VI_INT (2 s) only at ~6.6 s
    run("VI_EXT", ext.timerExpired(ext.nextDeadline()), ext.nextDeadline());
    assertEquals(VrrpState.BACKUP, ext.state());
    assertEquals(true, ext.wantsMaster());
    long t = inside.nextDeadline();
    run("VI_INT", inside.timerExpired(t), t);
    assertEquals(VrrpState.MASTER, inside.state());
    assertEquals(VrrpState.MASTER, ext.state(), "promoted when the last member wanted MASTER");
    assertEquals(VrrpState.MASTER, groupChanges.get(groupChanges.size() - 1).to());
  }

  @Test
  void oneMemberYieldingTakesTheOthersToBackup() {
    startBoth();
    run("VI_EXT", ext.timerExpired(ext.nextDeadline()), 4 * S);
    run("VI_INT", inside.timerExpired(inside.nextDeadline()), 7 * S);
    VrrpPacket higher = new VrrpPacket(2, 1, 51, 200, 0, 1, 0, List.of(), null);
    run("VI_EXT", ext.advertReceived(8 * S, higher, PEER), 8 * S);
    assertEquals(VrrpState.BACKUP, ext.state());
    assertEquals(VrrpState.BACKUP, inside.state());
    assertEquals(VrrpState.BACKUP, groupChanges.get(groupChanges.size() - 1).to());
  }

  @Test
  void oneMemberInFaultPutsAllInFaultAndBack() {
    startBoth();
    run("VI_INT", inside.faultRaised(S, "interface eth1 is down"), S);
    assertEquals(VrrpState.FAULT, ext.state());
    assertEquals(VrrpState.FAULT, groupChanges.get(groupChanges.size() - 1).to());
    run("VI_INT", inside.faultCleared(2 * S, "interface eth1 is up"), 2 * S);
    assertEquals(VrrpState.BACKUP, ext.state());
    assertEquals(VrrpState.BACKUP, inside.state());
  }

  @Test
  void aMemberInFaultByItsGroupThatFaultsOnItsOwnHoldsTheGroupWhenTheFirstRecovers() {
    startBoth();
    run("VI_INT", inside.faultRaised(S, "interface eth1 is down"), S);
    assertEquals(VrrpState.FAULT, ext.state(), "by its group");
    // VI_EXT loses its own source meanwhile: no transition (it is in FAULT already), only its count
    run("VI_EXT", ext.faultRaised(2 * S, "no IPv4 address for interface"), 2 * S);
    run("VI_INT", inside.faultCleared(3 * S, "interface eth1 is up"), 3 * S);
    assertEquals(VrrpState.FAULT, ext.state(), "its own fault holds");
    assertEquals(VrrpState.FAULT, inside.state(), "held by VI_EXT's fault now");
    assertEquals(VrrpState.FAULT, group.state());
    run("VI_EXT", ext.faultCleared(4 * S, "address 198.18.0.2 on eth0"), 4 * S);
    assertEquals(VrrpState.BACKUP, ext.state());
    assertEquals(VrrpState.BACKUP, inside.state());
    assertEquals(VrrpState.BACKUP, group.state());
    assertEquals(0, ext.faults());
    assertEquals(0, inside.faults());
  }

  @Test
  void bothMembersInFaultOnTheirOwnLeaveItOnlyWhenTheLastRecovers() {
    startBoth();
    run("VI_INT", inside.faultRaised(S, "interface eth1 is down"), S);
    run("VI_EXT", ext.faultRaised(S, "interface eth0 is down"), S);
    run("VI_EXT", ext.faultCleared(2 * S, "interface eth0 is up"), 2 * S);
    assertEquals(VrrpState.FAULT, ext.state(), "VI_INT is still down");
    run("VI_INT", inside.faultCleared(3 * S, "interface eth1 is up"), 3 * S);
    assertEquals(VrrpState.BACKUP, ext.state());
    assertEquals(VrrpState.BACKUP, inside.state());
    assertEquals(0, ext.faults() + inside.faults());
  }

  @Test
  void noGroupTransitionWithoutAMemberTransition() {
    startBoth();
    int before = groupChanges.size();
    SyncGroupCoordinator.Propagation p = group.propagate(S, "VI_EXT", List.of(new VrrpAction.SendAdvert(100)));
    assertNull(p.groupChange());
    assertEquals(before, groupChanges.size());
  }
}
