package io.vertalived.checker.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rendezvous ownership and heartbeat membership. */
class PlacementTest {
  private static final long S = 1_000_000_000L;

  @Test
  void everyoneAgreesAndOnlyTheLeaversKeysMove() {
    List<String> three = List.of("n1/a", "n2/b", "n3/c");
    Map<String, String> before = new HashMap<>();
    Map<String, Integer> share = new HashMap<>();
    for (int i = 0; i < 3000; i++) {
      String key = "[198.18.0.1]:tcp:80/198.18.1." + (i % 250) + ":" + (8000 + i);
      String owner = Rendezvous.owner(key, three);
      assertEquals(owner, Rendezvous.owner(key, List.of("n3/c", "n1/a", "n2/b")), "order does not matter");
      before.put(key, owner);
      share.merge(owner, 1, Integer::sum);
    }
    share.values().forEach(n -> assertTrue(n > 900 && n < 1100, "even split: " + share));
    List<String> two = List.of("n1/a", "n3/c");
    before.forEach((key, owner) -> {
      if (!owner.equals("n2/b")) {
        assertEquals(owner, Rendezvous.owner(key, two), "a key of a live member stays put");
      }
    });
    assertNull(Rendezvous.owner("k", List.of()));
  }

  @Test
  void membersLiveWhileHeard() {
    Membership m = new Membership("me", 2 * S);
    m.heard("b", 0);
    m.heard("c", 1 * S);
    assertEquals(List.of("b", "c", "me"), List.copyOf(m.live(2 * S)));
    assertEquals(List.of("c", "me"), List.copyOf(m.live(2 * S + 1)), "b silent for more than 2 s");
    m.left("c");
    assertEquals(List.of("me"), List.copyOf(m.live(2 * S + 2)));
  }

  @Test
  void timeThisInstanceWasNotRunningDoesNotCountAgainstTheOthers() {
    Membership m = new Membership("me", 2 * S);
    m.heard("b", 0);
    m.live(S / 2);
    m.live(S);
    // stalled from 1 s to 3.5 s (a GC pause, a CPU quota): b's heartbeats waited in our queue
    assertEquals(List.of("b", "me"), List.copyOf(m.live(3 * S + S / 2)), "b's silence during our stall is not held against it");
    assertEquals(List.of("b", "me"), List.copyOf(m.live(4 * S)));
    // looking regularly again: b, still unheard, is dead 2 s of our running time after it was heard
    assertEquals(List.of("me"), List.copyOf(m.live(4 * S + S / 2 + 1)));
  }

  @Test
  void lookingEveryHeartbeatIsNoStall() {
    Membership m = new Membership("me", 2 * S);
    m.heard("b", 0);
    for (long t = S / 2; t <= 2 * S; t += S / 2) {
      assertTrue(m.live(t).contains("b"), "at " + t);
    }
    assertEquals(List.of("me"), List.copyOf(m.live(2 * S + S / 2)), "b silent for 2.5 s while we ran");
  }
}
