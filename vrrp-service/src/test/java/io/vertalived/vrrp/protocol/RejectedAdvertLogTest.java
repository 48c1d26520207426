package io.vertalived.vrrp.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class RejectedAdvertLogTest {
  private static final long S = 1_000_000_000L;

  @Test
  void firstLineAtOnceThenOnePerWindowWithTheCountLeftOut() throws Exception {
    RejectedAdvertLog log = new RejectedAdvertLog();
    InetAddress peer = InetAddress.getByName("198.18.0.1");
    assertEquals("received an invalid passwd! (from 198.18.0.1)", log.line(peer, "received an invalid passwd!", 0));
    for (int i = 1; i < 10; i++) {
      assertNull(log.line(peer, "received an invalid passwd!", i * S));
    }
    assertEquals("received an invalid passwd! (from 198.18.0.1; 9 more like it not logged in the last 10 s)",
        log.line(peer, "received an invalid passwd!", 10 * S));
    assertEquals("received an invalid passwd! (from 198.18.0.1)", log.line(peer, "received an invalid passwd!", 25 * S));
  }

  @Test
  void eachSourceAndReasonHasItsOwnLimitAndNumbersDoNotMakeANewReason() throws Exception {
    RejectedAdvertLog log = new RejectedAdvertLog();
    InetAddress a = InetAddress.getByName("198.18.0.1");
    InetAddress b = InetAddress.getByName("198.18.0.2");
    assertEquals("received a 0 auth, expecting 1! (from 198.18.0.1)", log.line(a, "received a 0 auth, expecting 1!", 0));
    assertNull(log.line(a, "received a 2 auth, expecting 1!", S));
    assertEquals("received a 0 auth, expecting 1! (from 198.18.0.2)", log.line(b, "received a 0 auth, expecting 1!", S));
    assertEquals("Invalid VRRPv2 checksum (from 198.18.0.1)", log.line(a, "Invalid VRRPv2 checksum", S));
  }

  @Test
  void forgetsTheLeastRecentlySeenBeyondItsBound() throws Exception {
    RejectedAdvertLog log = new RejectedAdvertLog();
    InetAddress first = InetAddress.getByName("198.18.1.0");
    log.line(first, "x", 0);
    for (int i = 1; i <= RejectedAdvertLog.REMEMBERED; i++) {
      log.line(InetAddress.getByName("198.18.1." + i), "x", 0);
    }
    assertEquals("x (from 198.18.1.0)", log.line(first, "x", S), "forgotten, so logged again");
  }
}
