package io.vertalived.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * packaging/systemd/vertalived.service as systemd would run it, without systemd: {@code scripts/install.sh --root}
 * stages the files, then the unit's own lines are run, with their variables from its EnvironmentFile and only the
 * staged tree's prefix and the configuration's path put in (a test must not touch /opt or /etc/keepalived):
 * ExecStart brings a VRRP instance up in a network namespace of the test's, ExecReload's SIGHUP applies an edited
 * configuration, and the stop KillMode=mixed sends (SIGTERM to the main process) hands the addresses back and ends
 * within TimeoutStopSec with an exit status the unit counts as success.
 */
class SystemdUnitIT {
  private static final Path HOME = Path.of(System.getProperty("vertalived.home", "..")).toAbsolutePath().normalize();
  private static final String NS = "vtl-unit-" + ProcessHandle.current().pid();
  @TempDir
  Path dir;
  private Process service;
  private boolean namespace;

  @AfterEach
  void cleanUp() throws Exception {
    if (service != null && service.isAlive()) {
      service.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    if (namespace) {
      ProcessResult.run(null, List.of("ip", "netns", "del", NS));
    }
  }

  @Test
  void theUnitsLinesStartReloadAndStopTheService() throws Exception {
    assumeTrue("0".equals(ProcessResult.run(null, List.of("id", "-u")).output().strip()),
        "skipped: needs root to create network namespaces");
    Path root = dir.resolve("root");
    ProcessResult install = ProcessResult.run(null, List.of(HOME.resolve("scripts/install.sh").toString(),
        "--root", root.toString()));
    assertEquals(0, install.exitCode(), install.output());
    Map<String, String> unit = unit(root.resolve("etc/systemd/system/vertalived.service"));
    assertEquals("/etc/keepalived/keepalived.conf", unit.get("ConditionFileNotEmpty"), "keepalived's configuration");
    assertEquals("keepalived.service", unit.get("Conflicts"));
    assertEquals("mixed", unit.get("KillMode"));
    assertTrue(Arrays.asList(unit.get("SuccessExitStatus").split("\\s+")).contains("143"), unit.toString());
    Map<String, String> env = environment(root.resolve("etc/default/vertalived"),
        unit.get("EnvironmentFile").replaceFirst("^-", ""));

    run("ip", "netns", "add", NS);
    namespace = true;
    run("ip", "-n", NS, "link", "add", "eth0", "type", "veth", "peer", "name", "eth1");
    run("ip", "-n", NS, "link", "set", "eth0", "up");
    run("ip", "-n", NS, "link", "set", "eth1", "up");
    run("ip", "-n", NS, "addr", "add", "198.18.0.1/24", "dev", "eth0");
    run("ip", "-n", NS, "link", "set", "lo", "up");
    Path conf = dir.resolve("keepalived.conf");
    Files.writeString(conf, config("198.18.0.100"));
    Path pid = dir.resolve("vertalived.pid");
    Path log = dir.resolve("journal.log");
    List<String> start = new ArrayList<>(List.of("ip", "netns", "exec", NS));
    start.addAll(command(unit.get("ExecStart"), env, root, conf, pid, -1));
    service = new ProcessBuilder(start).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long mainPid = service.pid(); // ip netns exec and the script exec: systemd's $MAINPID
    until(() -> vips().contains("198.18.0.100"), 60, log);

    Files.writeString(conf, config("198.18.0.100\n  198.18.0.101"));
    List<String> reload = command(unit.get("ExecReload"), env, root, conf, pid, mainPid);
    assertEquals(List.of("/bin/kill", "-HUP", Long.toString(mainPid)), reload);
    run(reload.toArray(String[]::new));
    until(() -> vips().contains("198.18.0.101"), 30, log);

    run("kill", "-TERM", Long.toString(mainPid)); // KillMode=mixed: SIGTERM to the main process only
    assertTrue(service.waitFor(Long.parseLong(unit.get("TimeoutStopSec")), TimeUnit.SECONDS),
        "not stopped within TimeoutStopSec\n" + Files.readString(log));
    assertTrue(Arrays.asList(unit.get("SuccessExitStatus").split("\\s+")).contains(
        Integer.toString(service.exitValue())), service.exitValue() + "\n" + Files.readString(log));
    assertEquals("198.18.0.1", vips(), "the virtual addresses were handed back");
    String journal = Files.readString(log, StandardCharsets.UTF_8);
    // "(SIGHUP)" or "(SIGHUP, during start-up)": systemd may send the reload before the start has ended
    assertTrue(journal.contains("Entering MASTER STATE") && journal.contains("Reloading ... (SIGHUP")
        && journal.contains("Reload complete"), journal);
  }

  private static String config(String vips) {
    return "global_defs {\n router_id unit_it\n}\nvrrp_instance VI_1 {\n state MASTER\n interface eth0\n"
        + " virtual_router_id 51\n priority 150\n advert_int 1\n virtual_ipaddress {\n  " + vips + "\n }\n}\n";
  }

  /** The VIPs on the namespace's eth0, space-separated. */
  private static String vips() throws Exception {
    String out = ProcessResult.run(null, List.of("ip", "-n", NS, "-4", "-o", "addr", "show", "dev", "eth0")).output();
    return String.join(" ", out.lines().map(l -> l.replaceAll(".* inet (\\S+)/.*", "$1")).toList());
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  private void until(Condition c, int seconds, Path log) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!c.holds()) {
      assertTrue(service.isAlive(), "the service ended (" + (service.isAlive() ? "" : service.exitValue()) + ")\n"
          + Files.readString(log));
      assertTrue(System.nanoTime() < end, "not within " + seconds + " s\n" + Files.readString(log));
      Thread.sleep(100); // polls the kernel's state; the test waits for it, not for a time
    }
  }

  private static void run(String... cmd) throws Exception {
    ProcessResult r = ProcessResult.run(null, List.of(cmd));
    assertEquals(0, r.exitCode(), String.join(" ", cmd) + ": " + r.output());
  }

  /** The [Service] and [Unit] keys of a unit file (one value each, as ours has). */
  private static Map<String, String> unit(Path file) throws Exception {
    Map<String, String> m = new HashMap<>();
    for (String line : Files.readAllLines(file)) {
      if (!line.startsWith("#") && line.contains("=")) {
        m.put(line.substring(0, line.indexOf('=')).strip(), line.substring(line.indexOf('=') + 1).strip());
      }
    }
    return m;
  }

  /** The variables of the unit's EnvironmentFile (KEY="value" lines), read from the staged copy. */
  private static Map<String, String> environment(Path staged, String declared) throws Exception {
    assertEquals("/etc/default/vertalived", declared);
    Map<String, String> env = new HashMap<>();
    for (String line : Files.readAllLines(staged)) {
      if (!line.startsWith("#") && line.contains("=")) {
        env.put(line.substring(0, line.indexOf('=')).strip(),
            line.substring(line.indexOf('=') + 1).strip().replaceAll("^\"|\"$", ""));
      }
    }
    return env;
  }

  /**
   * A unit's command line as systemd splits it: words, {@code $VAR} replaced by the variable's words, and
   * {@code $MAINPID}; the staged tree's prefix and the test's configuration and pid file in place of the real ones.
   */
  private static List<String> command(String line, Map<String, String> env, Path root, Path conf, Path pid,
                                      long mainPid) {
    List<String> out = new ArrayList<>();
    for (String w : line.split("\\s+")) {
      if (w.equals("$MAINPID")) {
        out.add(Long.toString(mainPid));
      } else if (w.startsWith("$")) {
        String v = env.getOrDefault(w.substring(1), "");
        if (!v.isBlank()) {
          out.addAll(Arrays.asList(v.strip().split("\\s+")));
        }
      } else if (w.startsWith("/opt/vertalived/")) {
        out.add(root + w);
      } else if (w.equals("/etc/keepalived/keepalived.conf")) {
        out.add(conf.toString());
      } else if (w.equals("/run/vertalived.pid")) {
        out.add(pid.toString());
      } else {
        out.add(w);
      }
    }
    return out;
  }
}
