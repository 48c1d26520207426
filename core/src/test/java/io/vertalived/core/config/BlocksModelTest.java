package io.vertalived.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.config.model.BfdInstance;
import io.vertalived.core.config.model.Tracker;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bfd_instance (keepalived.conf(5) BFD CONFIGURATION) and the SSL block. */
class BlocksModelTest {
  @TempDir
  Path dir;

  @Test
  void bfdDefaultsAndTrackBfdTakesItsWeight() {
    var r = new Configs(dir).load("bfd_instance B {\n neighbor_ip 198.18.0.2\n weight -7\n checker\n}\n"
        + Configs.instance(" track_bfd {\n B\n }"));
    BfdInstance b = r.config().bfdInstances().get("B");
    assertEquals(10, b.minRxMillis());
    assertEquals(10, b.minTxMillis());
    assertEquals(1000, b.idleTxMillis());
    assertEquals(5, b.multiplier());
    assertEquals(255, b.ttl());
    assertEquals(64, b.hopLimit());
    assertFalse(b.multihop());
    assertTrue(b.checker());
    assertFalse(b.vrrp(), "only checker was named");
    assertEquals(new Tracker("B", -7, false), r.config().vrrpInstances().get(0).trackBfds().get(0));
    assertEquals(0, r.exitCode(), r.diagnostics().toString());
  }

  @Test
  void bfdWithoutNeighborIsRemoved() {
    var r = new Configs(dir).load("bfd_instance B {\n min_rx 20\n}\n");
    assertTrue(r.config().bfdInstances().isEmpty());
    assertEquals(5, r.exitCode());
  }

  @Test
  void sslBlockKeepsFilesAndMasksThePassword() {
    var r = new Configs(dir).load("SSL {\n password pw123\n ca /c\n certificate /x\n key /k\n}\n");
    assertEquals("/c", r.config().ssl().ca());
    assertEquals("pw123", r.config().ssl().password().value());
    assertFalse(r.config().ssl().toString().contains("pw123"));
  }
}
