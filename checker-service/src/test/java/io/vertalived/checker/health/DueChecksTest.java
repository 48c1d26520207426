package io.vertalived.checker.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class DueChecksTest {
  private static final long MS = 1_000_000;

  @Test
  void takesWhatIsDueWithinTheSlackInDueOrder() {
    DueChecks<String> d = new DueChecks<>(2 * MS);
    d.add(10 * MS, "b");
    d.add(5 * MS, "a");
    d.add(11 * MS, "c");
    d.add(13 * MS, "d");
    assertEquals(5 * MS, d.nextDue());
    assertEquals(List.of(), d.takeDue(2 * MS), "nothing within 2 ms of 2 ms");
    assertEquals(List.of("a"), d.takeDue(3 * MS), "due 5 ms: within the slack of 3 ms");
    assertEquals(10 * MS, d.nextDue());
    assertEquals(List.of("b", "c"), d.takeDue(9 * MS), "one wake-up for both");
    assertEquals(List.of("d"), d.takeDue(20 * MS), "late ones too");
    assertEquals(Long.MAX_VALUE, d.nextDue());
  }

  @Test
  void aCancelledCheckNeitherRunsNorSetsTheAlarm() {
    DueChecks<String> d = new DueChecks<>(0);
    DueChecks.Waiting<String> a = d.add(5 * MS, "a");
    d.add(5 * MS, "same time, added later");
    d.add(8 * MS, "b");
    d.cancel(a);
    assertEquals(5 * MS, d.nextDue());
    assertEquals(List.of("same time, added later"), d.takeDue(5 * MS));
    DueChecks.Waiting<String> c = d.add(6 * MS, "c");
    d.cancel(c);
    assertEquals(8 * MS, d.nextDue(), "the cancelled one is skipped");
    assertEquals(List.of("b"), d.takeDue(100 * MS));
  }
}
