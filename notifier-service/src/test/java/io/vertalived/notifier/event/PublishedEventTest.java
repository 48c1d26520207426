package io.vertalived.notifier.event;

import io.vertalived.core.journal.PublishedEvent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertalived.core.bus.CheckerHeartbeat;
import org.junit.jupiter.api.Test;

/** Journal entries as the notifier reads them, and the lanes that keep each subject's order. */
class PublishedEventTest {
  @Test
  void transitionsAndRealServersReadFromTheJournal() {
    PublishedEvent t = Events.journaled(Events.vrrpTransition("VI_1", false, "BACKUP", "MASTER"));
    assertEquals(new PublishedEvent(1, "vrrp_transition", "lb1", Events.T, "VI_1", null, "BACKUP", "MASTER", 150,
        "master down timer expired"), t);
    assertEquals("vrrp/VI_1", t.lane());
    PublishedEvent g = Events.journaled(Events.vrrpTransition("G1", true, "BACKUP", "MASTER"));
    assertEquals("sync_group", g.type());
    assertEquals("vrrp/G1", g.lane());
    PublishedEvent rs = Events.journaled(Events.realServerState(false));
    assertEquals("real_server", rs.type());
    assertEquals("UP", rs.from());
    assertEquals("DOWN", rs.to());
    assertEquals("[198.18.0.1]:tcp:80/198.18.0.2:80", rs.lane());
    assertEquals(t, PublishedEvent.fromJson(t.toJson()));
    assertEquals(rs, PublishedEvent.fromJson(rs.toJson()));
  }

  @Test
  void typesTheNotifierDoesNotSendAreNone() {
    assertNull(Events.journaled(new CheckerHeartbeat("n1/1", false)));
  }
}
