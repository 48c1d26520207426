package io.vertalived.checker.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DueChecksTest {
  private static final long MS = 1_000_000;

  private static final class Named extends DueChecks.Entry {
    final String name;

    Named(String name) {
      this.name = name;
    }
  }

  private static List<String> names(List<Named> l) {
    return l.stream().map(n -> n.name).toList();
  }

  @Test
  void takesWhatIsDueWithinTheSlackInDueOrder() {
    DueChecks<Named> d = new DueChecks<>(2 * MS);
    d.add(new Named("b"), 10 * MS);
    d.add(new Named("a"), 5 * MS);
    d.add(new Named("c"), 11 * MS);
    d.add(new Named("d"), 13 * MS);
    assertEquals(5 * MS, d.nextDue());
    assertEquals(List.of(), names(d.takeDue(2 * MS)), "nothing within 2 ms of 2 ms");
    assertEquals(List.of("a"), names(d.takeDue(3 * MS)), "due 5 ms: within the slack of 3 ms");
    assertEquals(10 * MS, d.nextDue());
    assertEquals(List.of("b", "c"), names(d.takeDue(9 * MS)), "one wake-up for both");
    assertEquals(List.of("d"), names(d.takeDue(20 * MS)), "late ones too");
    assertEquals(Long.MAX_VALUE, d.nextDue());
  }

  /** A ring takes at most so many: the rest, due too, come out at the next, still in due order. */
  @Test
  void aRingTakesAtMostSoManyAndTheRestNext() {
    DueChecks<Named> d = new DueChecks<>(0);
    for (int i = 5; i >= 1; i--) {
      d.add(new Named("n" + i), i * MS);
    }
    assertEquals(List.of("n1", "n2"), names(d.takeDue(10 * MS, 2)));
    assertEquals(3 * MS, d.nextDue(), "the rest still due");
    assertEquals(List.of("n3", "n4"), names(d.takeDue(10 * MS, 2)));
    assertEquals(List.of("n5"), names(d.takeDue(10 * MS, 2)));
    assertEquals(0, d.size());
  }

  @Test
  void aCancelledCheckNeitherRunsNorSetsTheAlarm() {
    DueChecks<Named> d = new DueChecks<>(0);
    Named a = new Named("a");
    d.add(a, 5 * MS);
    d.add(new Named("same time, added later"), 5 * MS);
    d.add(new Named("b"), 8 * MS);
    d.cancel(a);
    assertFalse(a.waiting());
    assertEquals(5 * MS, d.nextDue());
    assertEquals(List.of("same time, added later"), names(d.takeDue(5 * MS)));
    Named c = new Named("c");
    d.add(c, 6 * MS);
    assertTrue(c.waiting());
    d.cancel(c);
    d.cancel(c);
    assertEquals(8 * MS, d.nextDue(), "the cancelled one is gone");
    assertEquals(List.of("b"), names(d.takeDue(100 * MS)));
    assertEquals(0, d.size());
  }

  @Test
  void addingACheckThatWaitsMovesItRatherThanQueueingItTwice() {
    DueChecks<Named> d = new DueChecks<>(0);
    Named a = new Named("a");
    d.add(a, 5 * MS);
    d.add(new Named("b"), 7 * MS);
    d.add(a, 9 * MS);
    assertEquals(2, d.size());
    assertEquals(List.of("b", "a"), names(d.takeDue(10 * MS)));
  }

  /**
   * Against a model (the waiting ones sorted by due time, then by when they were added): takes of at most a few
   * interleaved with adds, moves and cancels (stale entries, compactions) give exactly the model's first ones.
   */
  @Test
  void interleavedTakesGiveTheModelsFirstInDueThenAddedOrder() {
    Random r = new Random(11);
    DueChecks<Named> d = new DueChecks<>(0);
    List<Named> all = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      all.add(new Named("n" + i));
    }
    java.util.Map<Named, long[]> model = new java.util.HashMap<>(); // due, added
    long added = 0;
    long now = 0;
    for (int step = 0; step < 20_000; step++) {
      Named n = all.get(r.nextInt(all.size()));
      int op = r.nextInt(10);
      if (op < 5) {
        long due = now + r.nextInt(50) * MS; // few distinct due times: many ties
        d.add(n, due);
        model.put(n, new long[] {due, added++});
      } else if (op < 7) {
        d.cancel(n);
        model.remove(n);
      } else {
        now += r.nextInt(5) * MS;
        int most = 1 + r.nextInt(4);
        long at = now;
        List<Named> expected = model.entrySet().stream().filter(e -> e.getValue()[0] <= at)
            .sorted(java.util.Comparator.comparingLong((java.util.Map.Entry<Named, long[]> e) -> e.getValue()[0])
                .thenComparingLong(e -> e.getValue()[1]))
            .limit(most).map(java.util.Map.Entry::getKey).toList();
        assertEquals(names(expected), names(d.takeDue(now, most)), "step " + step);
        expected.forEach(model::remove);
      }
      assertEquals(model.size(), d.size(), "step " + step);
    }
  }

  /** The heap against a sorted list: any mix of adds, moves and cancels comes out in due order, each once. */
  @Test
  void manyAddsMovesAndCancelsComeOutInDueOrder() {
    Random r = new Random(7);
    DueChecks<Named> d = new DueChecks<>(0);
    List<Named> all = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      all.add(new Named("n" + i));
    }
    for (int step = 0; step < 5_000; step++) {
      Named n = all.get(r.nextInt(all.size()));
      if (r.nextInt(4) == 0) {
        d.cancel(n);
      } else {
        d.add(n, r.nextInt(1_000) * MS);
      }
    }
    long waiting = all.stream().filter(DueChecks.Entry::waiting).count();
    assertEquals(waiting, d.size());
    List<Named> out = d.takeDue(Long.MAX_VALUE / 2);
    assertEquals(waiting, out.size());
    for (int i = 1; i < out.size(); i++) {
      assertTrue(out.get(i - 1).due() <= out.get(i).due(), "in due order at " + i);
    }
    assertTrue(all.stream().noneMatch(DueChecks.Entry::waiting));
  }
}
