package io.vertalived.ipvs.desired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class QuorumTest {
  @Test
  void startsUpOnlyAtQuorumPlusHysteresis() {
    assertTrue(Quorum.initial(3, 1, 4).up());
    assertFalse(Quorum.initial(3, 1, 3).up());
  }

  @Test
  void hysteresisKeepsTheStateInsideItsBand() {
    Quorum q = Quorum.initial(3, 1, 5);
    assertNull(q.update(2), "2 is not below 3-1");
    Quorum.Change lost = q.update(1);
    assertFalse(lost.up());
    assertEquals("Lost quorum 3-1=2 > 1", lost.logLine());
    assertNull(q.update(3), "3 does not reach 3+1");
    Quorum.Change gained = q.update(4);
    assertTrue(gained.up());
    assertEquals("Gained quorum 3+1=4 <= 4", gained.logLine());
  }

  @Test
  void aWeightOfZeroAlwaysLosesIt() {
    Quorum q = Quorum.initial(0, 0, 2);
    assertNull(q.update(1));
    assertFalse(q.update(0).up());
  }
}
