package io.vertalived.vrrp.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.vrrp.protocol.TrackedPriority.Kind;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tracker results as the bus delivers them (fixture), driving a real state machine. */
class TrackingControllerTest {
  static final long S = 1_000_000_000L;

  private static VrrpStateMachine machine(int prio) throws Exception {
    return new VrrpStateMachine(new InstanceParams("VI_1", 2, prio, 1, 3, false, false, 0, false, false, false,
        InetAddress.getByName("198.18.0.2")));
  }

  @Test
  void unweightedScriptHoldsTheInstanceInFaultUntilItsFirstSuccess() throws Exception {
    VrrpStateMachine m = machine(100);
    TrackedPriority t = new TrackedPriority(100);
    t.track(Kind.SCRIPT, "chk", 0, false);
    TrackingController c = new TrackingController(t, m);
    c.beforeStart(0);
    m.start(0);
    assertEquals(VrrpState.FAULT, m.state());
    List<VrrpAction> out = c.result(S, Kind.SCRIPT, "chk", true, 0);
    assertEquals(VrrpState.BACKUP, m.state());
    assertTrue(out.get(0) instanceof VrrpAction.StateChanged sc && sc.reason().equals("track_script chk reported"));
  }

  @Test
  void failingUnweightedScriptTakesAMasterToFaultWithPriorityZero() throws Exception {
    VrrpStateMachine m = machine(100);
    TrackedPriority t = new TrackedPriority(100);
    t.track(Kind.SCRIPT, "chk", 0, false);
    TrackingController c = new TrackingController(t, m);
    c.result(0, Kind.SCRIPT, "chk", true, 0);
    m.start(0);
    m.timerExpired(4 * S);
    assertEquals(VrrpState.MASTER, m.state());
    List<VrrpAction> out = c.result(5 * S, Kind.SCRIPT, "chk", false, 0);
    assertEquals(new VrrpAction.SendAdvert(0), out.get(0));
    assertEquals(VrrpState.FAULT, m.state());
    assertTrue(out.get(2) instanceof VrrpAction.StateChanged sc && sc.reason().equals("track_script chk failed"));
  }

  @Test
  void weightedScriptChangesTheEffectivePriorityAndTheMasterDownInterval() throws Exception {
    VrrpStateMachine m = machine(100);
    TrackedPriority t = new TrackedPriority(100);
    t.track(Kind.SCRIPT, "chk", -60, false);
    TrackingController c = new TrackingController(t, m);
    m.start(0);
    long before = m.masterDownInterval();
    assertTrue(c.result(S, Kind.SCRIPT, "chk", false, 0).isEmpty());
    assertEquals(40, m.effectivePriority());
    assertEquals(before + 60 * S / 256, m.masterDownInterval(), "skew grows as priority falls");
    assertTrue(c.result(S, Kind.SCRIPT, "other", false, 0).isEmpty());
  }

  @Test
  void aLinkReportedDownBeforeStartAndUpAfterwardsLeavesNoFaultBehind() throws Exception {
    VrrpStateMachine m = machine(100);
    TrackedPriority t = new TrackedPriority(100);
    t.track(Kind.INTERFACE, "eth0", 0, false, true);
    TrackingController c = new TrackingController(t, m);
    c.result(0, Kind.INTERFACE, "eth0", false, 0);
    c.beforeStart(0);
    m.start(0);
    assertEquals(VrrpState.FAULT, m.state());
    c.result(S, Kind.INTERFACE, "eth0", true, 1);
    assertEquals(VrrpState.BACKUP, m.state(), "one fault raised, one cleared");
  }
}
