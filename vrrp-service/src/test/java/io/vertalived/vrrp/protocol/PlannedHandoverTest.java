package io.vertalived.vrrp.protocol;

import static io.vertalived.vrrp.protocol.VrrpStateMachineTest.HIGHER_IP;
import static io.vertalived.vrrp.protocol.VrrpStateMachineTest.LOWER_IP;
import static io.vertalived.vrrp.protocol.VrrpStateMachineTest.MS;
import static io.vertalived.vrrp.protocol.VrrpStateMachineTest.S;
import static io.vertalived.vrrp.protocol.VrrpStateMachineTest.harness;
import static io.vertalived.vrrp.protocol.VrrpStateMachineTest.params;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.vrrp.protocol.VrrpAction.HandoverFinished;
import io.vertalived.vrrp.protocol.VrrpAction.RemoveVirtualAddresses;
import io.vertalived.vrrp.protocol.VrrpAction.SendAdvert;
import io.vertalived.vrrp.protocol.VrrpStateMachineTest.Harness;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The planned handover (beyond keepalived, docs/vrrp.md), against a virtual clock. */
class PlannedHandoverTest {

  private static Harness masterV3() {
    Harness h = harness(params(3, 150, 0.1, false, false, 0));
    h.advance(1 * S);
    assertEquals(VrrpState.MASTER, h.m.state());
    h.log.clear();
    return h;
  }

  private static HandoverFinished finished(Harness h) {
    return h.log.stream().filter(a -> a instanceof HandoverFinished).map(a -> (HandoverFinished) a)
        .reduce((a, b) -> b).orElse(null);
  }

  @Test
  void onlyANonOwnerMasterMayHandOver() {
    Harness backup = harness(params(3, 150, 0.1, false, false, 0));
    assertEquals("VI_1 is BACKUP, not MASTER", backup.m.handoverRefusal());
    assertTrue(backup.m.handover(backup.now).isEmpty());
    Harness owner = harness(params(3, 255, 0.1, true, false, 0));
    assertTrue(owner.m.handoverRefusal().contains("address owner"));
    Harness h = masterV3();
    assertNull(h.m.handoverRefusal());
    h.m.handover(h.now);
    assertEquals("VI_1 is already handing over", h.m.handoverRefusal());
  }

  @Test
  void sendsPriorityZeroKeepsTheAddressesAndStopsAdvertising() {
    Harness h = masterV3();
    h.log.addAll(h.m.handover(h.now));
    assertEquals(List.of(new SendAdvert(0)), h.log);
    // backups now wait at most their Skew_Time (under 100 ms); meanwhile we stay silent MASTER
    h.advance(300 * MS);
    assertEquals(VrrpState.MASTER, h.m.state());
    assertEquals(1, h.log.size(), "no advert and no address removal while the successor takes over");
  }

  @Test
  void theSuccessorsFirstAdvertMakesUsBackupWithoutAnotherAdvert() {
    Harness h = masterV3();
    h.m.handover(h.now);
    h.advance(65 * MS);
    // the successor has a lower priority than ours, and still wins
    h.advert(100, LOWER_IP, 10);
    assertEquals(VrrpState.BACKUP, h.m.state());
    assertEquals("handed over to 198.18.0.1", h.lastChange().reason());
    assertEquals(0, h.adverts(150), "yielding answers nothing");
    assertTrue(h.log.contains(new RemoveVirtualAddresses(VrrpStateMachine.HANDOVER_LINGER_NANOS)),
        "the VIPs stay until the successor's gratuitous ARP has gone out");
    assertEquals(new HandoverFinished(true, "VI_1 handed over to 198.18.0.1"), finished(h));
  }

  @Test
  void afterHandingOverItDoesNotPreemptBackUntilResumed() {
    Harness h = masterV3();
    h.m.handover(h.now);
    h.advert(100, LOWER_IP, 10);
    assertTrue(h.m.preemptSuspended());
    for (int i = 0; i < 50; i++) {
      h.advance(100 * MS);
      h.advert(100, LOWER_IP, 10);
    }
    assertEquals(VrrpState.BACKUP, h.m.state(), "a lower-priority master is kept, as with nopreempt");
    h.m.resumePreemption();
    h.advance(100 * MS);
    h.advert(100, LOWER_IP, 10);
    h.advance(400 * MS);
    assertEquals(VrrpState.MASTER, h.m.state(), "preempts again once resumed");
    assertFalse(h.m.preemptSuspended());
  }

  @Test
  void theSuspensionEndsWhenTheNewMasterDies() {
    Harness h = masterV3();
    h.m.handover(h.now);
    h.advert(100, LOWER_IP, 10);
    h.advance(1 * S);
    assertEquals(VrrpState.MASTER, h.m.state(), "Master_Down_Timer still runs");
    assertFalse(h.m.preemptSuspended());
  }

  @Test
  void withNoSuccessorItResumesAdvertisingAndStaysMaster() {
    Harness h = masterV3();
    h.m.handover(h.now);
    // the longest wait any backup can have: 3 * 100 ms + Skew_Time of priority 1 (99.6 ms)
    h.advance(399 * MS);
    assertEquals(0, h.adverts(150));
    h.advance(1 * MS);
    assertEquals(1, h.adverts(150));
    assertEquals(VrrpState.MASTER, h.m.state());
    assertFalse(finished(h).handedOver());
    assertTrue(finished(h).outcome().endsWith("it stays MASTER"), finished(h).outcome());
    h.advance(1 * S);
    assertEquals(11, h.adverts(150), "back to one advert per interval");
  }

  @Test
  void priorityZeroFromAnotherLeaverIsNotAnsweredDuringTheHandover() {
    Harness h = masterV3();
    h.m.handover(h.now);
    h.advert(0, HIGHER_IP, 10);
    assertTrue(h.log.isEmpty(), "answering would restart our successor's Master_Down_Timer");
    assertEquals(VrrpState.MASTER, h.m.state());
  }

  @Test
  void aFaultCutsTheHandoverShort() {
    Harness h = masterV3();
    h.m.handover(h.now);
    h.log.addAll(h.m.faultRaised(h.now, "interface eth0 is down"));
    assertEquals(VrrpState.FAULT, h.m.state());
    assertEquals(new HandoverFinished(false, "VI_1: handover cut short (interface eth0 is down)"), finished(h));
    assertFalse(h.m.handingOver());
  }

  @Test
  void aSyncGroupPeerYieldingWaitsForOurOwnSuccessor() {
    Harness h = masterV3();
    h.m.handover(h.now);
    assertTrue(h.m.forceBackup(h.now, "peer yielded").isEmpty(), "the VIPs stay until our successor speaks");
    h.advance(400 * MS);
    assertEquals(VrrpState.BACKUP, h.m.state(), "nobody took over: it follows its group");
    assertTrue(finished(h).outcome().endsWith("its sync group is BACKUP"), finished(h).outcome());
  }
}
