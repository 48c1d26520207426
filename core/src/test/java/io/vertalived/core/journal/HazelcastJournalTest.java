package io.vertalived.core.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.cluster.ClusterBootstrap;
import io.vertalived.core.cluster.ClusterSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The cluster's journal over two members (two clustered Vert.x in this JVM): ids strictly
 * increasing whichever member appends, every member reads all, a member's wait is completed by
 * the other's append, and the entries survive the member that appended them.
 */
class HazelcastJournalTest {
  @Test
  void oneJournalForTheClusterThatOutlivesAMember() throws Exception {
    String name = "vtl-journal-" + ProcessHandle.current().pid();
    int port = 18900 + (int) (ProcessHandle.current().pid() % 400) * 4;
    List<String> members = List.of("127.0.0.1:" + port, "127.0.0.1:" + (port + 1));
    Vertx a = ClusterBootstrap.startClustered(new ClusterSettings(name, members, "127.0.0.1", port, 0))
        .await(60, TimeUnit.SECONDS);
    Vertx b = ClusterBootstrap.startClustered(new ClusterSettings(name, members, "127.0.0.1", port + 1, 0))
        .await(60, TimeUnit.SECONDS);
    try {
      EventJournal ja = Journals.of(a);
      EventJournal jb = Journals.of(b);
      assertTrue(ja instanceof HazelcastJournal);
      long first = ja.next().await(10, TimeUnit.SECONDS);
      long id1 = ja.append(MemoryJournalTest.transition(1)).await(10, TimeUnit.SECONDS);
      long id2 = jb.append(MemoryJournalTest.transition(2)).await(10, TimeUnit.SECONDS);
      assertEquals(first, id1);
      assertEquals(id1 + 1, id2, "one sequence for the cluster");
      Future<JournalPage> waiting = ja.await(id2 + 1, 10);
      assertFalse(waiting.isComplete());
      long id3 = jb.append(MemoryJournalTest.transition(3)).await(10, TimeUnit.SECONDS);
      JournalPage woke = waiting.await(10, TimeUnit.SECONDS);
      assertEquals(List.of(id3), woke.entries().stream().map(JournalEntry::id).toList());
      JournalPage all = jb.read(id1, 10).await(10, TimeUnit.SECONDS);
      assertEquals(List.of("VI_1", "VI_2", "VI_3"), all.entries().stream()
          .map(e -> e.decode(io.vertalived.core.bus.VrrpTransition.class).instance()).toList());
      assertEquals(0, all.missed());
      a.close().await(30, TimeUnit.SECONDS);
      a = null;
      JournalPage after = jb.read(id1, 10).await(10, TimeUnit.SECONDS);
      assertEquals(3, after.entries().size(), "the backup kept what the member that left held");
      assertEquals(id3 + 1, jb.append(MemoryJournalTest.transition(4)).await(10, TimeUnit.SECONDS));
    } finally {
      if (a != null) {
        a.close().await(30, TimeUnit.SECONDS);
      }
      b.close().await(30, TimeUnit.SECONDS);
    }
  }
}
