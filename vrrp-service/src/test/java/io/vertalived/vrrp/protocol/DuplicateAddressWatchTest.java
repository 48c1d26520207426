package io.vertalived.vrrp.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class DuplicateAddressWatchTest {
  private static final long S = 1_000_000_000L;

  @Test
  void raisedOncePerHolderClearedWhenItFallsQuiet() throws Exception {
    InetAddress vip = InetAddress.getByName("198.18.0.100");
    DuplicateAddressWatch w = new DuplicateAddressWatch(12 * S + S / 2);
    assertEquals(new DuplicateAddressWatch.Change(vip, "02:00:00:00:00:09", true), w.heard(vip, "02:00:00:00:00:09", 0));
    assertNull(w.heard(vip, "02:00:00:00:00:09", 5 * S), "the same holder again raises nothing");
    assertEquals(new DuplicateAddressWatch.Change(vip, "02:00:00:00:00:0a", true), w.heard(vip, "02:00:00:00:00:0a", 5 * S));
    assertEquals(List.of(), w.expire(15 * S), "both answered within the quiet time");
    assertTrue(w.raised());
    assertEquals(List.of(new DuplicateAddressWatch.Change(vip, "02:00:00:00:00:09", false),
        new DuplicateAddressWatch.Change(vip, "02:00:00:00:00:0a", false)), w.expire(18 * S));
    assertFalse(w.raised());
  }

  @Test
  void leavingMasterClearsEverything() throws Exception {
    InetAddress vip = InetAddress.getByName("198.18.0.100");
    DuplicateAddressWatch w = new DuplicateAddressWatch(S);
    w.heard(vip, "02:00:00:00:00:09", 0);
    assertEquals(List.of(new DuplicateAddressWatch.Change(vip, "02:00:00:00:00:09", false)), w.clear());
    assertEquals(List.of(), w.clear());
  }

  @Test
  void aReplyIsAConflictOnlyOnceThisRouterStayedMasterTheConfirmationTime() throws Exception {
    InetAddress vip = InetAddress.getByName("198.18.0.100");
    DuplicateAddressWatch w = new DuplicateAddressWatch(10 * S, S);
    assertNull(w.heard(vip, "02:00:00:00:00:09", 0), "not yet: a preempting peer answers an instant before its advert");
    assertEquals(S, w.confirmationDue());
    assertFalse(w.raised());
    assertEquals(List.of(), w.confirm(S - 1));
    assertEquals(List.of(new DuplicateAddressWatch.Change(vip, "02:00:00:00:00:09", true)), w.confirm(S));
    assertEquals(Long.MAX_VALUE, w.confirmationDue());
    assertTrue(w.raised());
    assertEquals(List.of(), w.confirm(2 * S), "raised once");
    assertEquals(List.of(new DuplicateAddressWatch.Change(vip, "02:00:00:00:00:09", false)), w.expire(10 * S));
  }

  @Test
  void theConfirmationIsDueForTheFirstHolderWaitingByTheCurrentInterval() throws Exception {
    InetAddress vip = InetAddress.getByName("198.18.0.100");
    DuplicateAddressWatch w = new DuplicateAddressWatch(10 * S, S);
    assertEquals(Long.MAX_VALUE, w.confirmationDue());
    w.heard(vip, "02:00:00:00:00:09", 2 * S);
    w.heard(vip, "02:00:00:00:00:0a", 2 * S + S / 2);
    assertEquals(3 * S, w.confirmationDue());
    w.confirmNanos(S / 10); // a reload: advert_int 0.1
    assertEquals(2 * S + S / 10, w.confirmationDue());
    assertEquals(2, w.confirm(2 * S + S / 2 + S / 10).size());
    assertEquals(Long.MAX_VALUE, w.confirmationDue());
  }

  @Test
  void aHolderNeverConfirmedGoesWithoutAWord() throws Exception {
    InetAddress vip = InetAddress.getByName("198.18.0.100");
    DuplicateAddressWatch w = new DuplicateAddressWatch(10 * S, S);
    w.heard(vip, "02:00:00:00:00:09", 0);
    assertEquals(List.of(), w.clear(), "left MASTER within the confirmation time: the peer took over, no conflict");
    assertEquals(Long.MAX_VALUE, w.confirmationDue());
    w.heard(vip, "02:00:00:00:00:0a", 0);
    assertEquals(List.of(), w.expire(10 * S), "fell quiet unconfirmed");
    assertEquals(Long.MAX_VALUE, w.confirmationDue());
  }
}
