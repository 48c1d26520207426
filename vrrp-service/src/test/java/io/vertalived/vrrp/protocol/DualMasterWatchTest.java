package io.vertalived.vrrp.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** A MASTER hearing another router: raised after one interval, cleared after three quiet ones or when not MASTER. */
class DualMasterWatchTest {
  private static final long MS = 1_000_000;
  private static final long INTERVAL = 100 * MS;

  private static InetAddress ip(String s) throws Exception {
    return InetAddress.getByName(s);
  }

  @Test
  void twoMastersThatSettleRaiseNothing() throws Exception {
    DualMasterWatch w = new DualMasterWatch(INTERVAL);
    assertEquals(DualMasterWatch.Change.NONE, w.heard(ip("198.18.0.1"), 0));
    assertEquals(DualMasterWatch.Change.NONE, w.tick(100 * MS, true));
    assertEquals(DualMasterWatch.Change.NONE, w.tick(400 * MS, true), "quiet: nothing was raised, nothing to clear");
    assertFalse(w.raised());
  }

  @Test
  void aPeerAdvertisingForOneIntervalIsADualMasterUntilQuietForThree() throws Exception {
    DualMasterWatch w = new DualMasterWatch(INTERVAL);
    InetAddress peer = ip("198.18.0.1");
    assertEquals(DualMasterWatch.Change.NONE, w.heard(peer, 0));
    assertEquals(DualMasterWatch.Change.NONE, w.heard(peer, 89 * MS));
    assertEquals(DualMasterWatch.Change.RAISED, w.heard(peer, 90 * MS), "one interval, less a tenth for drift");
    assertTrue(w.raised());
    assertEquals(peer, w.peer());
    assertEquals(DualMasterWatch.Change.NONE, w.heard(peer, 200 * MS), "raised once");
    assertEquals(DualMasterWatch.Change.NONE, w.tick(450 * MS, true), "250 ms quiet: not yet");
    assertEquals(DualMasterWatch.Change.CLEARED, w.tick(501 * MS, true));
    assertFalse(w.raised());
  }

  @Test
  void leavingMasterClearsIt() throws Exception {
    DualMasterWatch w = new DualMasterWatch(INTERVAL);
    w.heard(ip("198.18.0.1"), 0);
    assertEquals(DualMasterWatch.Change.RAISED, w.heard(ip("198.18.0.1"), 150 * MS));
    assertEquals(DualMasterWatch.Change.CLEARED, w.tick(160 * MS, false));
  }

  @Test
  void aPeerHeardAgainAfterALongQuietStartsAnew() throws Exception {
    DualMasterWatch w = new DualMasterWatch(INTERVAL);
    w.heard(ip("198.18.0.1"), 0);
    assertEquals(DualMasterWatch.Change.NONE, w.heard(ip("198.18.0.1"), 1_000 * MS), "a lone advert long after");
    assertEquals(DualMasterWatch.Change.RAISED, w.heard(ip("198.18.0.1"), 1_100 * MS));
  }
}
