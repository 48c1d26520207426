package io.vertalived.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On this host, which has no IPVS: vertalived -C in a network namespace of its own balances a tutorial-style NAT
 * configuration through its nftables backend. A client namespace's HTTP requests through the VIP are spread by
 * weight (1:2, exactly, as wrr does), leave a real server whose check fails, go to the sorry server when none is
 * left and back when one returns; `nft flush ruleset` is repaired; the table goes at stop. A second virtual server
 * with ha_suspend has its checks run only while the lab puts its address on the director.
 */
class NftablesLabIT {
  private static final Path HOME = Path.of(System.getProperty("vertalived.home", ".."));
  private static final String NS = "vtl-lb-" + ProcessHandle.current().pid();
  private static Path out;

  @BeforeAll
  static void runLab(@TempDir Path dir) throws Exception {
    assumeTrue("0".equals(run(List.of("id", "-u")).strip()), "skipped: needs root to create network namespaces");
    out = dir;
    run(List.of("ip", "netns", "add", NS));
    Path lab = Path.of(NftablesLabIT.class.getResource("/ipvs-lab/nft-lab.sh").toURI());
    run(List.of("ip", "netns", "exec", NS, "bash", lab.toString(), dir.toString(),
        HOME.toAbsolutePath().normalize().toString()));
  }

  @AfterAll
  static void removeNamespace() throws Exception {
    if (out != null) {
      run(List.of("ip", "netns", "del", NS));
    }
  }

  private static String run(List<String> cmd) throws Exception {
    return ProcessResult.run(null, cmd).output();
  }

  private static String read(String name) throws Exception {
    Path f = out.resolve(name);
    return Files.exists(f) ? Files.readString(f).strip() : "(the lab wrote no " + name + ")\n" + log();
  }

  private static List<String> requests(String name) throws Exception {
    return read(name).lines().toList();
  }

  private static String log() throws Exception {
    Path f = out.resolve("vertalived.log");
    return Files.exists(f) ? Files.readString(f) : "";
  }

  @Test
  void requestsAreSpreadByWeight() throws Exception {
    assertEquals("ok", read("started"), log());
    List<String> up = requests("requests_up");
    assertEquals(4, up.stream().filter("rs1"::equals).count(), up.toString());
    assertEquals(8, up.stream().filter("rs2"::equals).count(), up.toString());
    // nft's own listing: a smooth weighted round robin over three slots
    assertTrue(read("table_up").contains("elements = { 0 : 198.18.3.12 . 8080, 1 : 198.18.3.11 . 8080, "
        + "2 : 198.18.3.12 . 8080 }"), read("table_up"));
    assertTrue(read("table_up").contains("dnat ip to numgen inc mod 3 map @vs-tcp-198.18.2.100-80"), read("table_up"));
    // no IPVS here: `vertalived ipvs status` says so and where the table is
    assertTrue(read("ipvs_status").contains("nft list table ip vertalived_lvs") && read("ipvs_status").endsWith("exit 1"),
        read("ipvs_status"));
  }

  @Test
  void haSuspendChecksRunOnlyWhileTheAddressIsOnTheDirector() throws Exception {
    assertEquals("ok", read("ha_suspended"), log());
    assertEquals("ok", read("ha_active"), log());
    assertTrue(log().contains("Activating healthcheckers for VS [198.18.2.102]:tcp:80: 198.18.2.102 is on this host"),
        log());
    assertEquals("ok", read("ha_suspended_again"), log());
  }

  @Test
  void aFailedRealServerStopsGettingRequestsAndTheSorryServerTakesOverWhenAllAreDown() throws Exception {
    assertEquals("ok", read("rs1_left"), log());
    assertEquals(List.of("rs2", "rs2", "rs2", "rs2", "rs2", "rs2"), requests("requests_rs1_down"));
    assertEquals("ok", read("sorry_in"), log());
    assertEquals(List.of("sorry", "sorry", "sorry", "sorry"), requests("requests_all_down"));
    assertTrue(log().contains("Lost quorum 1-0=1 > 0 for VS [198.18.2.100]:tcp:80"), log());
    assertEquals("ok", read("sorry_out"), log());
    assertEquals(List.of("rs2", "rs2", "rs2", "rs2"), requests("requests_rs2_back"));
  }

  @Test
  void aFlushedRulesetIsRepairedAndTheTableGoesAtStop() throws Exception {
    assertEquals("ok", read("repaired"), log());
    assertTrue(log().contains("the kernel's table was changed outside vertalived; restoring it"), log());
    assertEquals("143", read("exit"), log());
    assertTrue(read("table_after_stop").endsWith("1"), read("table_after_stop"));
    assertFalse(log().contains("Exception"), log());
  }

  @Test
  void aVirtualServerTheBackendCannotProgramIsRefusedOnceAndTheOthersGoOn() throws Exception {
    List<String> refusals = log().lines().filter(l -> l.contains("198.18.2.103") && l.contains("wlc")).toList();
    assertEquals(1, refusals.size(), "said once, not at every resync: " + refusals);
    assertFalse(log().contains("nf_tables refused the transaction"), "no transaction failed because of it:\n"
        + log());
  }
}
