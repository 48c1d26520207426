package io.vertalived.checker.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Spec 4.1's first-result rule and rise/fall hysteresis. */
class ScriptHysteresisTest {
  @Test
  void firstResultDecidesAtOnceWhateverRiseAndFall() {
    ScriptHysteresis ok = new ScriptHysteresis(3, 3, false);
    assertNull(ok.state());
    assertTrue(ok.record(true));
    assertTrue(ok.state());
    ScriptHysteresis bad = new ScriptHysteresis(3, 3, false);
    assertTrue(bad.record(false));
    assertFalse(bad.state());
  }

  @Test
  void fallConsecutiveFailuresThenRiseConsecutiveSuccesses() {
    ScriptHysteresis h = new ScriptHysteresis(2, 3, false);
    h.record(true);
    assertFalse(h.record(false));
    assertFalse(h.record(false));
    assertTrue(h.state(), "two failures are not yet fall 3");
    assertTrue(h.record(false));
    assertFalse(h.state());
    assertFalse(h.record(true));
    assertFalse(h.state(), "one success is not yet rise 2");
    assertTrue(h.record(true));
    assertTrue(h.state());
  }

  @Test
  void aSuccessInBetweenResetsTheFailureCount() {
    ScriptHysteresis h = new ScriptHysteresis(1, 2, false);
    h.record(true);
    h.record(false);
    h.record(true);
    h.record(false);
    assertTrue(h.state());
    h.record(false);
    assertFalse(h.state());
  }

  @Test
  void initFailStartsFailedSoRiseSuccessesAreNeeded() {
    ScriptHysteresis h = new ScriptHysteresis(2, 1, true);
    assertEquals(false, h.record(true) && h.state());
    assertTrue(h.record(true));
    assertTrue(h.state());
  }
}
