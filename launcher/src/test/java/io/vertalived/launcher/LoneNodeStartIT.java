package io.vertalived.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lone VRRP node started by the {@code vertalived} script, as an operator starts one: it writes the class-data
 * archive of launcher/cds/vrrp-node.classlist next to the jar when there is none or the jar is newer, and its JVM
 * maps it; {@code VERTALIVED_CDS=off} goes without; either way the node reaches BACKUP and stops on SIGTERM.
 * (Its start-up time is measured by bench/footprint.sh, not here.)
 */
class LoneNodeStartIT {
  private static final String CONF = """
      global_defs {
        router_id lone
      }
      vrrp_instance VI_1 {
        state BACKUP
        interface eth0
        virtual_router_id 51
        priority 90
        advert_int 1
        virtual_ipaddress {
          198.18.0.100/32 dev eth0
        }
      }
      """;

  @TempDir
  Path dir;

  @Test
  void writesTheArchiveWhenMissingOrOlderThanTheJarAndStartsFromIt() throws Exception {
    assumeTrue(DemoRun.root(), "skipped: a VRRP node needs root (a network namespace)");
    Path real = Path.of(System.getProperty("vertalived.home", "..")).toRealPath();
    // a home of its own: the script, the class list and the jar (linked), no archive yet
    Path home = dir.resolve("home");
    Files.createDirectories(home.resolve("launcher/target"));
    Files.createDirectories(home.resolve("launcher/cds"));
    Files.copy(real.resolve("vertalived"), home.resolve("vertalived"), StandardCopyOption.COPY_ATTRIBUTES);
    Files.copy(real.resolve("launcher/cds/vrrp-node.classlist"), home.resolve("launcher/cds/vrrp-node.classlist"));
    Path jar = home.resolve("launcher/target/vertalived.jar");
    Files.createSymbolicLink(jar, real.resolve("launcher/target/vertalived.jar"));
    Path archive = home.resolve("launcher/target/vertalived-vrrp.jsa");
    Path conf = dir.resolve("lone.conf");
    Files.writeString(conf, CONF);
    String ns = "vtlone" + ProcessHandle.current().pid();
    Netns.run("ip", "netns", "add", ns);
    try {
      Netns.run("ip", "-n", ns, "link", "add", "eth0", "type", "veth", "peer", "name", "eth1");
      Netns.run("ip", "-n", ns, "addr", "add", "198.18.0.1/24", "dev", "eth0");
      Netns.run("ip", "-n", ns, "link", "set", "lo", "up");
      Netns.run("ip", "-n", ns, "link", "set", "eth0", "up");
      Netns.run("ip", "-n", ns, "link", "set", "eth1", "up");

      String first = startToBackupAndStop(home, ns, conf, Map.of(), archive);
      assertTrue(Files.exists(archive), "the first start wrote the archive");
      assertTrue(first.contains(archive.toString()), "the JVM maps the archive:\n" + first);

      String off = startToBackupAndStop(home, ns, conf, Map.of("VERTALIVED_CDS", "off"), archive);
      assertFalse(off.contains(archive.toString()), "VERTALIVED_CDS=off: no archive mapped");

      // a jar newer than the archive (a rebuild): the archive is written again, then used
      FileTime old = FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000);
      Files.setLastModifiedTime(archive, old);
      String again = startToBackupAndStop(home, ns, conf, Map.of(), archive);
      assertTrue(Files.getLastModifiedTime(archive).compareTo(old) > 0, "the stale archive was written again");
      assertTrue(again.contains(archive.toString()), "the JVM maps the new archive:\n" + again);
    } finally {
      ProcessResult.run(null, List.of("ip", "netns", "del", ns));
    }
  }

  /** Starts the node, waits for BACKUP, returns the JVM's memory map, then stops it with SIGTERM (exit 143). */
  private String startToBackupAndStop(Path home, String ns, Path conf, Map<String, String> env, Path archive)
      throws Exception {
    Path log = Files.createTempFile(dir, "node", ".log");
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns, home.resolve("vertalived").toString(),
        "-P", "-f", conf.toString(), "-p", dir.resolve("lone.pid").toString(),
        "--control-socket", dir.resolve("lone.sock").toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().remove("VERTALIVED_JAVA_OPTS");
    pb.environment().putAll(env);
    Process p = pb.start();
    try {
      Netns.await(() -> "BACKUP\n" + read(log), 60_000,
          () -> read(log).contains("(VI_1) Entering BACKUP STATE") || !p.isAlive());
      assertTrue(p.isAlive(), read(log));
      // ip netns exec and the script exec: the pid is the JVM's
      String maps = Files.readString(Path.of("/proc/" + p.pid() + "/maps"));
      new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), read(log));
      assertEquals(143, p.exitValue(), read(log));
      assertFalse(read(log).contains(" WARN ") || read(log).contains("Exception"), "a plain start and stop: " + read(log));
      return maps;
    } finally {
      p.destroyForcibly();
    }
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (java.io.IOException e) {
      return "(" + e.getMessage() + ")";
    }
  }
}
