package io.vertalived.vrrp.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertalived.vrrp.protocol.TrackedPriority.Kind;
import org.junit.jupiter.api.Test;

/** Spec 5, line by line. */
class TrackedPriorityTest {
  @Test
  void positiveWeightAddsWhileUpNegativeWeightSubtractsWhileDown() {
    TrackedPriority t = new TrackedPriority(100);
    t.track(Kind.SCRIPT, "plus", 20, false);
    t.track(Kind.SCRIPT, "minus", -30, false);
    assertEquals(100, t.effectivePriority(), "unknown trackers contribute nothing");
    t.update(Kind.SCRIPT, "plus", true, 0);
    t.update(Kind.SCRIPT, "minus", true, 0);
    assertEquals(120, t.effectivePriority());
    t.update(Kind.SCRIPT, "plus", false, 0);
    t.update(Kind.SCRIPT, "minus", false, 0);
    assertEquals(70, t.effectivePriority());
    assertNull(t.faultReason(), "weighted trackers never cause FAULT (keepalived #942)");
  }

  @Test
  void reverseFlipsTheSign() {
    TrackedPriority t = new TrackedPriority(100);
    t.track(Kind.SCRIPT, "r", 20, true);
    t.update(Kind.SCRIPT, "r", true, 0);
    assertEquals(80, t.effectivePriority());
    TrackedPriority n = new TrackedPriority(100);
    n.track(Kind.SCRIPT, "r", -20, true);
    n.update(Kind.SCRIPT, "r", false, 0);
    assertEquals(120, n.effectivePriority());
  }

  @Test
  void clampedTo1And254AndTheOwnerNeverMoves() {
    TrackedPriority t = new TrackedPriority(250);
    t.track(Kind.SCRIPT, "a", 100, false);
    t.update(Kind.SCRIPT, "a", true, 0);
    assertEquals(254, t.effectivePriority());
    TrackedPriority low = new TrackedPriority(10);
    low.track(Kind.SCRIPT, "a", -100, false);
    low.update(Kind.SCRIPT, "a", false, 0);
    assertEquals(1, low.effectivePriority());
    TrackedPriority owner = new TrackedPriority(255);
    owner.track(Kind.INTERFACE, "eth1", -50, false, false);
    assertEquals(255, owner.effectivePriority());
  }

  @Test
  void unweightedTrackersCauseFaultAndWaitForTheirFirstResult() {
    TrackedPriority t = new TrackedPriority(100);
    t.track(Kind.SCRIPT, "chk", 0, false);
    assertEquals("track_script chk has not reported yet", t.faultReason());
    t.update(Kind.SCRIPT, "chk", true, 0);
    assertNull(t.faultReason());
    t.update(Kind.SCRIPT, "chk", false, 0);
    assertEquals("track_script chk failed", t.faultReason());
    t.track(Kind.INTERFACE, "eth1", 0, false, false);
    t.update(Kind.SCRIPT, "chk", true, 0);
    assertEquals("interface eth1 is down", t.faultReason());
    TrackedPriority rev = new TrackedPriority(100);
    rev.track(Kind.SCRIPT, "maint", 0, true);
    rev.update(Kind.SCRIPT, "maint", true, 0);
    assertEquals("track_script maint is up (reverse)", rev.faultReason());
  }

  @Test
  void fileValueTimesWeightAndItsFaults() {
    TrackedPriority t = new TrackedPriority(100);
    t.track(Kind.FILE, "f", -10, false);
    t.update(Kind.FILE, "f", true, 3);
    assertEquals(70, t.effectivePriority());
    t.update(Kind.FILE, "f", true, 26);
    assertEquals("track_file f value 26", t.faultReason(), "value x weight below -253");
    TrackedPriority zero = new TrackedPriority(100);
    zero.track(Kind.FILE, "z", 0, false);
    zero.update(Kind.FILE, "z", true, 0);
    assertNull(zero.faultReason());
    zero.update(Kind.FILE, "z", true, 1);
    assertEquals("track_file z value 1", zero.faultReason());
  }

  @Test
  void unknownTrackersAreIgnored() {
    assertFalse(new TrackedPriority(100).update(Kind.SCRIPT, "other", true, 0));
  }
}
