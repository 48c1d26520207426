package io.vertalived.ipvs.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our IPVS backend against a real IPVS kernel: Debian's kernel under QEMU (scripts/ipvs-vm.sh; this machine's own
 * kernel has none), running {@link KernelScenario} with this build's classes. Every scheduler, NAT/DR/TUN, firewall
 * marks, persistence and netmasks, IPv6; create, update, delete; what our dump reads equals what {@code ipvsadm -Sn}
 * prints; a foreign service is left alone; {@code ipvsadm -C} is repaired; the kernel's refusals are clear.
 */
class IpvsKernelIT {
  private static final Path HOME = Path.of(System.getProperty("vertalived.home", ".."));
  private static JsonObject result;
  private static String console;

  @BeforeAll
  static void runInVm(@TempDir Path share) throws Exception {
    assumeTrue("0".equals(run(List.of("id", "-u"), 10).trim()), "skipped: needs root to set up the IPVS VM (QEMU)");
    String setup = run(List.of(HOME.resolve("scripts/ipvs-vm.sh").toString(), "setup"), 600);
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    console = run(List.of(HOME.resolve("scripts/ipvs-vm.sh").toString(), "run", "--timeout", "600", "--share",
        share.toString(), "--", java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", cp,
        KernelScenario.class.getName(), share.toString()), 700);
    Path file = share.resolve("scenario.json");
    assertTrue(Files.exists(file), "the scenario left no result; setup:\n" + setup + "\nconsole:\n" + console);
    result = new JsonObject(Files.readString(file));
    assertNull(result.getString("fatal"), () -> result.getString("fatal") + "\n" + console);
  }

  private static String run(List<String> cmd, long seconds) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(seconds, TimeUnit.SECONDS), "timed out: " + cmd);
    return new String(out, StandardCharsets.UTF_8);
  }

  private static JsonObject step(String name) {
    for (Object o : result.getJsonArray("steps")) {
      JsonObject s = (JsonObject) o;
      if (s.getString("name").equals(name)) {
        return s;
      }
    }
    throw new AssertionError("no step " + name + " in " + result.encodePrettily());
  }

  private static void assertAgrees(JsonObject s) {
    assertEquals(new JsonArray(), s.getJsonArray("errors"), s.getString("name"));
    // ipvsadm -S leaves the connection thresholds out: they are compared through -Ln --thresholds
    assertEquals(s.getString("dump").replaceAll(" x=\\d+ y=\\d+", ""),
        Canonical.of(IpvsadmSave.parse(s.getString("ipvsadm"))).replaceAll(" x=\\d+ y=\\d+", ""),
        s.getString("name") + ": our dump and ipvsadm -Sn disagree\n" + s.getString("ipvsadm"));
    assertEquals(0, s.getInteger("planAfter"), s.getString("name") + ": not converged");
  }

  @Test
  void theKernelSpeaksIpvsVersionOne() {
    assertTrue(result.getString("version").startsWith("1.2."), result.getString("version"));
  }

  @Test
  void everySchedulerForwardingMethodAndPersistenceIsCreatedAsWanted() {
    JsonObject s = step("create");
    assertAgrees(s);
    assertEquals(s.getString("desired"), s.getString("dump"));
    assertTrue(s.getString("thresholds").matches("(?s).*-> 198\\.18\\.0\\.2:8080\\s+100\\s+10\\s.*"),
        s.getString("thresholds"));
    for (String sched : KernelScenario.SCHEDULERS) {
      assertTrue(s.getString("ipvsadm").contains("-s " + sched + " ") || s.getString("ipvsadm").contains("-s " + sched
          + "\n"), "scheduler " + sched);
    }
  }

  @Test
  void anUpdateEditsInPlace() {
    JsonObject s = step("update");
    assertAgrees(s);
    assertEquals(s.getString("desired"), s.getString("dump"));
    List<Object> plan = s.getJsonArray("plan").getList();
    assertTrue(plan.contains("edit service TCP  198.18.0.1:80 rr"), plan.toString());
    assertTrue(plan.contains("edit 198.18.0.2:8080 of TCP  198.18.0.1:80 weight 3 -> 5"), plan.toString());
    assertTrue(plan.contains("delete service FWM  7"), plan.toString());
    assertFalse(plan.stream().anyMatch(o -> o.toString().startsWith("delete 198.18.0.2:8080")), plan.toString());
  }

  @Test
  void aForeignServiceIsLeftAloneAndAFlushIsRepaired() {
    JsonObject foreign = step("foreign service added by hand");
    assertAgrees(foreign);
    assertEquals(new JsonArray(), foreign.getJsonArray("plan"));
    assertTrue(foreign.getString("dump").contains("TCP  198.18.0.50:80 sched=rr"), foreign.getString("dump"));
    JsonObject flushed = step("after ipvsadm -C");
    assertAgrees(flushed);
    assertFalse(flushed.getJsonArray("plan").isEmpty());
    assertEquals(flushed.getString("desired"), flushed.getString("dump"));
  }

  @Test
  void operationsToleratePartsAlreadyDoneOrGone() {
    JsonObject t = result.getJsonObject("tolerant");
    assertNull(t.getString("error"));
    assertTrue(t.getString("dump").contains("198.18.0.78:8080 NAT w=2"), t.getString("dump"));
  }

  @Test
  void theKernelsRefusalIsClear() {
    String m = result.getString("unknownScheduler");
    assertNotNull(m);
    assertTrue(m.contains("scheduler nosuch") && m.contains("errno"), m);
  }

  @Test
  void lvsTimeoutsReachTheKernel() {
    assertEquals(new JsonObject().put("tcp", 900).put("tcpfin", 120).put("udp", 300), result.getJsonObject("timeouts"));
    assertTrue(result.getString("ipvsadmTimeouts").contains("900 120 300"), result.getString("ipvsadmTimeouts"));
  }

  @Test
  void tunnelTypesPortsAndChecksumsAreProgrammedAndEdited() {
    JsonObject create = step("create");
    assertAgrees(create);
    assertTrue(create.getString("dump").contains("198.18.0.7:0 TUN w=1 x=0 y=0 tunnel=gue port 6080 remcsum")
        && create.getString("dump").contains("198.18.0.8:0 TUN w=1 x=0 y=0 tunnel=gre csum")
        && create.getString("dump").contains("198.18.0.9:0 TUN w=1 x=0 y=0 tunnel=ipip"), create.getString("dump"));
    assertTrue(create.getString("ipvsadm").contains("--tun-type gue --tun-port 6080"), create.getString("ipvsadm"));
    JsonObject update = step("update");
    assertAgrees(update);
    assertTrue(update.getString("dump").contains("198.18.0.7:0 TUN w=1 x=0 y=0 tunnel=gre")
        && update.getString("dump").contains("198.18.0.8:0 TUN w=1 x=0 y=0 tunnel=gue port 6081 csum"),
        update.getString("dump"));
    assertTrue(update.getJsonArray("plan").stream().anyMatch(o -> o.toString().startsWith("edit 198.18.0.8")),
        "a tunnel change is an edit: " + update.getJsonArray("plan"));
  }

  @Test
  void syncDaemonsStartWithEverySettingAndStop() {
    JsonObject sd = result.getJsonObject("syncDaemon");
    assertNotNull(sd, result.encodePrettily());
    List<String> ipvsadm = sd.getString("ipvsadm").lines().map(String::strip).filter(l -> !l.isEmpty()).sorted()
        .toList();
    assertEquals(List.of("backup sync daemon (mcast=syncd0, syncid=8, maxlen=1400, group=239.1.2.3, port=8849, ttl=2)",
        "master sync daemon (mcast=syncd0, syncid=7, maxlen=1400, group=239.1.2.3, port=8849, ttl=2)"),
        sd.getJsonArray("ours").getList(), "our dump");
    assertEquals(sd.getJsonArray("ours").getList(), ipvsadm, "our dump and ipvsadm -L --daemon disagree");
    assertEquals(0, sd.getInteger("afterStop"));
    assertEquals("", sd.getString("ipvsadmAfterStop").strip());
    assertTrue(sd.getString("noInterface").contains("IPVS start master sync daemon (mcast=nosuch0, syncid=1)")
        && sd.getString("noInterface").contains("No such device"), sd.getString("noInterface"));
  }

  @Test
  void stoppingRemovesEverythingOurs() {
    JsonObject s = step("remove ours");
    assertAgrees(s);
    assertEquals("", s.getString("dump"));
  }
}
