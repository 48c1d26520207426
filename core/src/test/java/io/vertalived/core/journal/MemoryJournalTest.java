package io.vertalived.core.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.bus.RealServerState;
import io.vertalived.core.bus.VrrpTransition;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-memory journal: ids from 1, reads from an id, the last N kept and the rest reported missed, a live tail. */
class MemoryJournalTest {
  static VrrpTransition transition(int n) {
    return new VrrpTransition("n1", "b1", n, Instant.parse("2026-12-01T10:00:00Z"), "VI_" + n, false, "BACKUP",
        "MASTER", 100, "master down timer expired");
  }

  @Test
  void entriesGetIdsFromOneAndReadBackAsTheirRecords() {
    MemoryJournal j = new MemoryJournal(10);
    assertEquals(1L, j.next().result());
    assertEquals(1L, j.append(transition(1)).result());
    assertEquals(2L, j.append(new RealServerState("n2", "b2", 1, Instant.now(), "[198.18.0.1]:tcp:80",
        "198.18.0.2:80", false, 0, "TCP_CHECK failed")).result());
    JournalPage p = j.read(1, 100).result();
    assertEquals(List.of(1L, 2L), p.entries().stream().map(JournalEntry::id).toList());
    assertEquals(transition(1), p.entries().get(0).decode(VrrpTransition.class));
    assertEquals("RealServerState", p.entries().get(1).type());
    assertEquals(3, p.next());
    assertEquals(0, p.missed());
    assertThrows(IllegalArgumentException.class, () -> p.entries().get(1).decode(VrrpTransition.class));
    assertEquals(List.of(2L), j.read(2, 1).result().entries().stream().map(JournalEntry::id).toList());
    assertTrue(j.read(3, 10).result().entries().isEmpty());
  }

  @Test
  void aReaderOlderThanTheRingIsToldHowManyItMissed() {
    MemoryJournal j = new MemoryJournal(3);
    for (int i = 1; i <= 5; i++) {
      j.append(transition(i));
    }
    JournalPage p = j.read(1, 10).result();
    assertEquals(3, p.oldest());
    assertEquals(2, p.missed(), "ids 1 and 2 were overwritten");
    assertEquals(List.of(3L, 4L, 5L), p.entries().stream().map(JournalEntry::id).toList());
    assertEquals("VI_5", p.entries().get(2).decode(VrrpTransition.class).instance());
    assertEquals(0, j.read(4, 10).result().missed());
  }

  /** The ring grows as entries come (from 64 slots) and wraps only at its capacity, with reads between appends. */
  @Test
  void aRingThatGrowsKeepsEveryEntryUpToItsCapacityThenTheLast() {
    MemoryJournal j = new MemoryJournal(300);
    for (int i = 1; i <= 700; i++) {
      j.append(transition(i));
      if (i % 50 == 0) {
        // read (and so encode) some, leave others as records across a growth
        assertEquals("VI_" + (i - 7), j.read(i - 7, 1).result().entries().get(0).decode(VrrpTransition.class)
            .instance());
      }
      if (i == 300) {
        JournalPage full = j.read(1, 1000).result();
        assertEquals(300, full.entries().size());
        assertEquals(0, full.missed());
        for (int k = 0; k < 300; k++) {
          assertEquals(k + 1L, full.entries().get(k).id());
          assertEquals("VI_" + (k + 1), full.entries().get(k).decode(VrrpTransition.class).instance());
        }
      }
    }
    JournalPage p = j.read(1, 1000).result();
    assertEquals(401, p.oldest());
    assertEquals(400, p.missed());
    assertEquals(300, p.entries().size());
    assertEquals("VI_401", p.entries().get(0).decode(VrrpTransition.class).instance());
    assertEquals("VI_700", p.entries().get(299).decode(VrrpTransition.class).instance());
  }

  /** Not a bus record: no JSON for it. */
  record Unencodable(Thread thread) {}

  /**
   * An event is encoded when first read: one that cannot be is counted as missed by its readers, waiting or not (and
   * every later read), neither failing them nor its appender.
   */
  @Test
  void anEventThatCannotBeEncodedIsMissedByItsReaders() {
    MemoryJournal j = new MemoryJournal(10);
    j.append(transition(1));
    Future<JournalPage> waiting = j.await(2, 10);
    assertTrue(j.append(new Unencodable(Thread.currentThread())).succeeded());
    assertTrue(waiting.succeeded(), "the waiting reader is answered");
    assertEquals(List.of(), waiting.result().entries());
    assertEquals(1, waiting.result().missed());
    assertEquals(3, waiting.result().next());
    assertEquals(3L, j.append(transition(3)).result(), "the journal goes on");
    for (int again = 0; again < 2; again++) {
      JournalPage p = j.read(1, 10).result();
      assertEquals(List.of(1L, 3L), p.entries().stream().map(JournalEntry::id).toList());
      assertEquals(1, p.missed());
      assertEquals(4, p.next());
    }
    JournalPage one = j.read(1, 1).result();
    assertEquals(List.of(1L), one.entries().stream().map(JournalEntry::id).toList());
    assertEquals(2, one.next(), "a page of one stops after it");
  }

  @Test
  void awaitCompletesWithTheNextEntryWhenItIsAppended() {
    MemoryJournal j = new MemoryJournal(10);
    j.append(transition(1));
    Future<JournalPage> now = j.await(1, 10);
    assertTrue(now.isComplete(), "an entry is there already");
    Future<JournalPage> later = j.await(2, 10);
    assertFalse(later.isComplete());
    j.append(transition(2));
    assertTrue(later.isComplete());
    assertEquals(List.of(2L), later.result().entries().stream().map(JournalEntry::id).toList());
  }
}
