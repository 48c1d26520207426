package io.vertalived.vrrp.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.vertalived.core.config.ConfigLoader;
import io.vertalived.core.config.keywords.HostFacts;
import io.vertalived.core.config.model.KeepalivedConfig;
import io.vertalived.core.dump.DumpText;
import io.vertalived.vrrp.packet.VrrpStats;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dumps against what Debian's keepalived 2.2.7 wrote for the same configuration and state
 * (test resources dumps/: its keepalived.data on SIGUSR1, keepalived.stats on SIGUSR2,
 * keepalived.json on SIGRTMIN+2), the dynamic values (times, sockets, counters) given as it had them.
 */
class KeepalivedDumpTest {
  @TempDir
  Path dir;

  private static String resource(String name) throws IOException {
    try (InputStream in = KeepalivedDumpTest.class.getResourceAsStream("/dumps/" + name)) {
      assertNotNull(in, name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private KeepalivedConfig config() throws IOException {
    Path conf = dir.resolve("keepalived.conf");
    Files.writeString(conf, resource("keepalived.conf"));
    var loaded = ConfigLoader.load(conf, new ConfigLoader.Options("vm", false,
        HostFacts.fixed(Set.of("veth-a"), Set.of("root"), "vm")));
    assertNotNull(loaded.config(), loaded.diagnostics().toString());
    return loaded.config();
  }

  private static VrrpStats.Snapshot sent(long n) {
    return new VrrpStats.Snapshot(0, n, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  /** VI_1 and VI_2 MASTER, as keepalived was when it wrote its dumps. */
  private static List<InstanceSnapshot> state(KeepalivedConfig c, long sent) {
    return List.of(
        new InstanceSnapshot(c.vrrpInstances().get(0), "MASTER", "SG_1", 150, 1796137845967785L, 1796137862962844L,
            3414062, "", 0, 1_000_000, true, 0, sent(sent), new int[] {13, 14}, "198.18.90.1", Map.of("chk_ok", true)),
        new InstanceSnapshot(c.vrrpInstances().get(1), "MASTER", "SG_1", 100, 1796137845956632L, 1796137862976078L,
            3609375, "", 0, 1_000_000, true, 0, sent(sent), new int[] {15, 16}, "198.18.90.1", Map.of()));
  }

  @Test
  void theDataDumpIsKeepalivedsLineForLine() throws IOException {
    KeepalivedConfig c = config();
    List<HostInterface> interfaces = List.of(
        new HostInterface("lo", 1, List.of("127.0.0.1"), List.of(), null,
            "UP, RUNNING, no broadcast, loopback, no multicast", true, true, 65536),
        new HostInterface("veth-a", 2, List.of("198.18.90.1"), List.of("fe80::8cad:3dff:fe12:f278"),
            "8e:ad:3d:12:f2:78", "UP, RUNNING", true, false, 1500));
    String ours = VrrpDataDump.text(c, state(c, 29), Map.of("SG_1", "MASTER"), interfaces, ZoneOffset.UTC);
    assertLines(resource("keepalived.data"), ours);
  }

  @Test
  void theStatsDumpIsKeepalivedsLineForLine() throws IOException {
    assertLines(resource("keepalived.stats"), VrrpStatsDump.text(state(config(), 29)));
  }

  @Test
  void theJsonDumpIsKeepalivedsByteForByte() throws IOException {
    KeepalivedConfig c = config();
    assertEquals(resource("keepalived.json"), VrrpJsonDump.text(state(c, 30), c.vrrpScripts()));
  }

  @Test
  void timesAreSecondsMicrosAndCtime() {
    assertEquals("1796137845.967785 (Tue Dec  1 15:10:45.967785 2026)", DumpText.time(1796137845967785L, ZoneOffset.UTC));
  }

  /** Line by line, so that a difference names its line. */
  private static void assertLines(String expected, String actual) {
    List<String> e = expected.lines().toList();
    List<String> a = actual.lines().toList();
    for (int i = 0; i < Math.min(e.size(), a.size()); i++) {
      assertEquals(e.get(i), a.get(i), "line " + (i + 1));
    }
    assertEquals(e.size(), a.size(), "lines");
    assertEquals(expected, actual);
  }
}
