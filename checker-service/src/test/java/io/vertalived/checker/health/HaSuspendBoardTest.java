package io.vertalived.checker.health;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.bus.LvsSuspension;
import io.vertalived.core.config.ConfigLoader;
import io.vertalived.core.config.keywords.HostFacts;
import io.vertalived.core.config.model.VirtualServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ha_suspend: a check runs while any director said, lately, that its virtual server's address is there. */
class HaSuspendBoardTest {
  private static final long S = 1_000_000_000L;

  @TempDir
  Path dir;

  private List<VirtualServer> servers() throws Exception {
    Path conf = dir.resolve("keepalived.conf");
    Files.writeString(conf, "virtual_server 198.18.0.1 80 {\n protocol TCP\n ha_suspend\n"
        + " real_server 198.18.0.2 80 {\n }\n}\n"
        + "virtual_server 198.18.0.3 80 {\n protocol TCP\n real_server 198.18.0.4 80 {\n }\n}\n");
    return ConfigLoader.load(conf, new ConfigLoader.Options("n1", false, HostFacts.fixed(Set.of(), Set.of(), "n1")))
        .config().virtualServers();
  }

  private static LvsSuspension said(String node, boolean active) {
    return new LvsSuspension(node, "b", 1, Instant.now(), "[198.18.0.1]:tcp:80", active, "test");
  }

  @Test
  void suspendedUntilADirectorHasTheAddressAndAgainWhenItsWordIsOld() throws Exception {
    VirtualServer ha = servers().get(0);
    VirtualServer plain = servers().get(1);
    HaSuspendBoard b = new HaSuspendBoard();
    assertTrue(b.suspended(ha, 0), "no director has said anything: the checks wait, as keepalived's without the VIP");
    assertFalse(b.suspended(plain, 0), "a virtual server without ha_suspend is never suspended");
    b.heard(said("r1", false), 0);
    assertTrue(b.suspended(ha, S));
    b.heard(said("r2", true), S);
    assertFalse(b.suspended(ha, 2 * S), "one director holds the address");
    b.heard(said("r1", false), 20 * S);
    assertFalse(b.suspended(ha, 30 * S), "r2's word still counts");
    assertTrue(b.suspended(ha, S + HaSuspendBoard.LIFETIME_NANOS), "r2 said nothing since: it went away");
    b.heard(said("r2", false), 40 * S);
    assertTrue(b.suspended(ha, 41 * S));
  }
}
