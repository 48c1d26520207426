package io.vertalived.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed tutorials' LVS configurations (NAT with HTTP_GET, DR with TCP_CHECK), unchanged, in a VM with a real IPVS
 * kernel (scripts/ipvs-vm.sh): vertalived -C builds the table, HTTP requests from a client namespace through the VIP
 * reach both real servers, and only the healthy one once the other's web server is killed; then keepalived -C runs
 * the same file in the same VM and its tables, with both real servers up and with one down, equal ours line for
 * line (ipvsadm -Sn). Both remove their services when stopped.
 */
class IpvsLabIT {
  private static final Path HOME = Path.of(System.getProperty("vertalived.home", ".."));
  private static Path out;
  private static String console;

  @BeforeAll
  static void runLab(@TempDir Path share) throws Exception {
    assumeTrue("0".equals(run(List.of("id", "-u")).trim()), "skipped: needs root to set up the IPVS VM (QEMU)");
    out = share;
    run(List.of(HOME.resolve("scripts/ipvs-vm.sh").toString(), "setup"));
    Path lab = Path.of(IpvsLabIT.class.getResource("/ipvs-lab/lab.sh").toURI());
    console = run(List.of(HOME.resolve("scripts/ipvs-vm.sh").toString(), "run", "--timeout", "900", "--share",
        share.toString(), "--", "bash", lab.toString(), share.toString(), HOME.toAbsolutePath().normalize().toString()));
    System.out.println("IpvsLabIT (in the VM, ~25x slower than this host): ours start " + read("ours_start_ms")
        + " ms, down " + read("ours_down_ms") + " ms, recover " + read("ours_recover_ms") + " ms; keepalived start "
        + read("kl_start_ms") + " ms, down " + read("kl_down_ms") + " ms");
  }

  private static String run(List<String> cmd) throws Exception {
    return ProcessResult.run(null, cmd).output();
  }

  private static String read(String name) throws Exception {
    Path f = out.resolve(name);
    assertTrue(Files.exists(f), "the lab wrote no " + name + "; console:\n" + console);
    return Files.readString(f).strip();
  }

  private static String log() throws Exception {
    return Files.exists(out.resolve("vertalived.log")) ? Files.readString(out.resolve("vertalived.log")) : "";
  }

  @Test
  void ourTableEqualsKeepalivedsWithBothUpAndWithOneDown() throws Exception {
    assertTrue(read("ours_start_ms").matches("\\d+"), "no table from vertalived:\n" + log());
    assertTrue(read("kl_start_ms").matches("\\d+"), "no table from keepalived");
    assertEquals(read("kl_up"), read("ours_up"));
    assertEquals(4, read("ours_up").lines().filter(l -> l.startsWith("-a")).count(), read("ours_up"));
    assertTrue(read("ours_down_ms").matches("\\d+"), "rs1 never left the table:\n" + log());
    assertEquals(read("kl_down"), read("ours_down"));
    assertFalse(read("ours_down").contains("198.18.3.11"), read("ours_down"));
    assertEquals(read("ours_up"), read("ours_recovered"), "rs1 came back as it was");
  }

  @Test
  void trafficThroughTheVipFollowsHealth() throws Exception {
    List<String> up = read("ours_requests_up").lines().toList();
    assertEquals(8, up.size());
    assertTrue(up.contains("rs1") && up.contains("rs2") && !up.contains("failed"), up.toString());
    List<String> down = read("ours_requests_down").lines().toList();
    assertEquals(List.of("rs2", "rs2", "rs2", "rs2", "rs2", "rs2", "rs2", "rs2"), down);
  }

  @Test
  void bothRemoveTheirServicesWhenStopped() throws Exception {
    assertEquals("143", read("ours_exit"), "a graceful stop on SIGTERM, as LauncherRunIT:\n" + log());
    assertEquals("", read("ours_after_stop"));
    assertEquals("", read("kl_after_stop"));
    assertFalse(log().contains("Exception"), log());
  }
}
