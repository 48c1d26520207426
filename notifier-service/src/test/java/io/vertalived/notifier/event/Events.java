package io.vertalived.notifier.event;

import io.vertalived.core.journal.PublishedEvent;

import io.vertalived.core.bus.RealServerState;
import io.vertalived.core.bus.VrrpTransition;
import io.vertalived.core.journal.MemoryJournal;
import java.time.Instant;

/** Journal entries of the kinds the notifier sends, as the services publish them. */
public final class Events {
  public static final Instant T = Instant.parse("2026-12-01T17:00:00.250Z");

  private Events() {}

  public static PublishedEvent transition(long id, String instance, String from, String to, int priority) {
    return new PublishedEvent(id, PublishedEvent.VRRP, "lb1", T, instance, null, from, to, priority,
        "master down timer expired");
  }

  public static PublishedEvent group(long id, String group, String from, String to) {
    return new PublishedEvent(id, PublishedEvent.GROUP, "lb1", T, group, null, from, to, 0, "members MASTER");
  }

  public static PublishedEvent realServer(long id, String vs, String rs, boolean alive) {
    return new PublishedEvent(id, PublishedEvent.REAL_SERVER, "lb1", T, rs, vs, alive ? "DOWN" : "UP",
        alive ? "UP" : "DOWN", alive ? 1 : 0, alive ? "all checkers up" : "TCP_CHECK failed: connection refused");
  }

  /** The same through a journal, as the notifier reads them. */
  public static PublishedEvent journaled(Record event) {
    MemoryJournal j = new MemoryJournal(4);
    j.append(event);
    return PublishedEvent.of(j.read(1, 1).result().entries().get(0));
  }

  public static VrrpTransition vrrpTransition(String instance, boolean group, String from, String to) {
    return new VrrpTransition("lb1", "b1", 3, T, instance, group, from, to, 150, "master down timer expired");
  }

  public static RealServerState realServerState(boolean alive) {
    return new RealServerState("lb1", "b1", 4, T, "[198.18.0.1]:tcp:80", "198.18.0.2:80", alive, alive ? 1 : 0,
        alive ? "all checkers up" : "TCP_CHECK failed");
  }
}
