package io.vertalived.notifier.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertalived.notifier.event.Events;
import io.vertalived.core.journal.PublishedEvent;
import org.junit.jupiter.api.Test;

/** Subjects and bodies word for word as keepalived 2.2.7 writes them. */
class AlertMailTest {
  @Test
  void instanceMails() {
    assertEquals(new AlertMail("[lb1] VRRP Instance VI_1 - Entering MASTER state", "=> VRRP Instance is now owning VRRP VIPs <="),
        AlertMail.of(Events.transition(1, "VI_1", "BACKUP", "MASTER", 150)));
    assertEquals(new AlertMail("[lb1] VRRP Instance VI_1 - Entering BACKUP state",
        "=> VRRP Instance is no longer owning VRRP VIPs <="), AlertMail.of(Events.transition(1, "VI_1", "MASTER", "BACKUP", 150)));
    assertEquals(new AlertMail("[lb1] VRRP Instance VI_1 - Entering FAULT state",
        "=> VRRP Instance is no longer owning VRRP VIPs <="), AlertMail.of(Events.transition(1, "VI_1", "MASTER", "FAULT", 150)));
    assertEquals(new AlertMail("[lb1] VRRP Instance VI_1 - Stopping", "=> VRRP Instance stopping <="),
        AlertMail.of(Events.transition(1, "VI_1", "MASTER", "STOP", 150)));
    assertEquals(new AlertMail("[lb1] VRRP Instance VI_1 - Deleted", "=> VRRP Deleted at reload <="),
        AlertMail.of(Events.transition(1, "VI_1", "BACKUP", "DELETED", 150)));
    assertNull(AlertMail.of(Events.transition(1, "VI_1", "BACKUP", "INIT", 150)));
  }

  @Test
  void groupMails() {
    assertEquals(new AlertMail("[lb1] VRRP Group G1 - Entering MASTER state",
        "=> All VRRP group instances are now in MASTER state <="), AlertMail.of(Events.group(1, "G1", "BACKUP", "MASTER")));
    assertEquals(new AlertMail("[lb1] VRRP Group G1 - Stopping", "=> All VRRP group instances are now stopping <="),
        AlertMail.of(Events.group(1, "G1", "MASTER", "STOP")));
  }

  private static PublishedEvent rs(boolean up, String reason) {
    return new PublishedEvent(1, PublishedEvent.REAL_SERVER, "lb1", Events.T, "198.18.0.2:8080", "[198.18.0.1]:tcp:80",
        up ? "DOWN" : "UP", up ? "UP" : "DOWN", 1, reason);
  }

  @Test
  void realServerMailsSayWhatTheirCheckerSays() {
    assertEquals(new AlertMail("[lb1] Realserver [198.18.0.2]:tcp:8080 of virtual server [198.18.0.1]:tcp:80 - DOWN",
        "=> TCP CHECK failed on service <="), AlertMail.of(rs(false,
        "[198.18.0.1]:tcp:80/198.18.0.2:8080/TCP_CHECK#0: connection refused")));
    assertEquals("=> CHECK failed on service : HTTP request failed <=", AlertMail.of(rs(false,
        "[198.18.0.1]:tcp:80/198.18.0.2:8080/HTTP_GET#1: HTTP status 503 not in 200-299")).body());
    assertEquals("=> MISC CHECK succeeded on service <=", AlertMail.of(rs(true,
        "[198.18.0.1]:tcp:80/198.18.0.2:8080/MISC_CHECK#0: exit 0")).body());
    assertEquals("=> ICMP CHECK succeed on service <=", AlertMail.of(rs(true,
        "[198.18.0.1]:tcp:80/198.18.0.2:8080/PING_CHECK#0: echo reply")).body());
    assertEquals("=> Removing <=", AlertMail.of(rs(false, "real server removed from the configuration")).body());
    assertEquals("[198.18.0.2]:none:0", AlertMail.realServerTrio("FWM 7", "198.18.0.2:0"));
    assertEquals("[2001:db8::2]:udp:53", AlertMail.realServerTrio("[2001:db8::1]:udp:53", "[2001:db8::2]:53"));
  }
}
