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
 * A lone VRRP node started by the {@code vertalived} script, as an operator starts one, and its class-data archive
 * ({@code vertalived cds-archive} from launcher/cds/vrrp-node.classlist, with the jar a lone node runs from,
 * VrrpNodeJar): without one the node starts all the same; with one its JVM maps it and runs from that jar;
 * {@code VERTALIVED_CDS=off} goes without both; an archive of another jar, or without its own, is not used (the
 * script says so of the former) until written again. Each start reaches BACKUP and stops on SIGTERM with exit 143 and no warning.
 * (The start-up time is measured by bench/footprint.sh, not here.)
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
  void startsFromItsArchiveOnlyWhileTheArchiveIsOfItsJar() throws Exception {
    assumeTrue(DemoRun.root(), "skipped: a VRRP node needs root (a network namespace)");
    Path real = Path.of(System.getProperty("vertalived.home", "..")).toRealPath();
    // a home of its own (a path with a space, as some installs have): the script, the class list, a copy of the jar
    Path home = dir.resolve("lone home");
    Files.createDirectories(home.resolve("launcher/target"));
    Files.createDirectories(home.resolve("launcher/cds"));
    Files.copy(real.resolve("vertalived"), home.resolve("vertalived"), StandardCopyOption.COPY_ATTRIBUTES);
    Files.copy(real.resolve("launcher/cds/vrrp-node.classlist"), home.resolve("launcher/cds/vrrp-node.classlist"));
    Path jar = home.resolve("launcher/target/vertalived.jar");
    Files.copy(real.resolve("launcher/target/vertalived.jar"), jar);
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

      Path jnaCopy = home.resolve("launcher/target/jna/libjnidispatch.so");
      String first = startToBackupAndStop(home, ns, conf, Map.of());
      assertFalse(first.contains("vertalived-vrrp.jsa"), "no archive yet: the node starts without");
      assertFalse(first.contains(jnaCopy.toString()), "JNA unpacks its library itself:\n" + first);

      writeArchive(home);
      assertTrue(Files.exists(archive));
      Path lean = home.resolve("launcher/target/vertalived-vrrp-node.jar");
      assertTrue(Files.exists(lean), "the lone node's jar is written with the archive");
      Path debug = dir.resolve("debug.log");
      String maps = startToBackupAndStop(home, ns, conf, Map.of(), debug, "--log-level", "debug");
      assertTrue(maps.contains(archive.toString()), "the JVM maps the archive:\n" + maps);
      // (MADV_POPULATE_* came with Linux 5.14: an older kernel refuses it, EINVAL, and the start goes on)
      String pages = ArchivePagesTest.kernelAtLeast(5, 14) ? "class-data archive: 2 of 2 mappings of " + archive.toRealPath()
          + " populated" : "populated, refused: errno 22";
      assertTrue(Files.readString(debug).contains(pages),
          "its pages faulted in at main's start (ArchivePages):\n" + Files.readString(debug));
      assertTrue(maps.contains(jnaCopy.toString()), "JNA's library from the copy written with the archive:\n" + maps);
      assertTrue(maps.contains(lean.toString()) && !maps.contains(jar.toString()),
          "the node runs from the lone node's jar:\n" + maps);

      // (the script's choice of jar and what that jar refuses: VrrpNodeJarIT)
      String off = startToBackupAndStop(home, ns, conf, Map.of("VERTALIVED_CDS", "off"));
      assertFalse(off.contains("vertalived-vrrp.jsa"), "VERTALIVED_CDS=off: no archive mapped");
      assertTrue(off.contains(jar.toString()) && !off.contains(lean.toString()), "VERTALIVED_CDS=off: the fat jar");

      // another jar (a rebuild, or one copied with its old time kept): the archive is left alone until written again
      Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(archive).toMillis() - 60_000));
      Path log = dir.resolve("stale.log");
      assertFalse(startToBackupAndStop(home, ns, conf, Map.of(), log).contains("vertalived-vrrp.jsa"),
          "an archive of another jar is not used");
      assertTrue(Files.readString(log).contains("is not of this jar or JVM: not used"), Files.readString(log));
      writeArchive(home);
      // the lone node's jar gone: neither is used (the archive is of that jar)
      Files.delete(lean);
      assertFalse(startToBackupAndStop(home, ns, conf, Map.of()).contains("vertalived-vrrp.jsa"),
          "an archive without its jar is not used");
      writeArchive(home);
      assertTrue(startToBackupAndStop(home, ns, conf, Map.of()).contains(archive.toString()), "written again, used");
    } finally {
      ProcessResult.run(null, List.of("ip", "netns", "del", ns));
    }
  }

  private static void writeArchive(Path home) throws Exception {
    ProcessResult r = ProcessResult.run(null, List.of(home.resolve("vertalived").toString(), "cds-archive"));
    assertEquals(0, r.exitCode(), r.output());
    assertTrue(r.output().contains("class-data archive for a lone VRRP node"), r.output());
  }

  private String startToBackupAndStop(Path home, String ns, Path conf, Map<String, String> env) throws Exception {
    return startToBackupAndStop(home, ns, conf, env, Files.createTempFile(dir, "node", ".log"));
  }

  /**
   * Starts the node, waits for BACKUP, returns the JVM's memory map and command line, then stops it with SIGTERM
   * (exit 143).
   */
  private String startToBackupAndStop(Path home, String ns, Path conf, Map<String, String> env, Path log,
      String... more) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns, home.resolve("vertalived").toString(),
        "-P", "-f", conf.toString(), "-p", dir.resolve("lone.pid").toString(),
        "--control-socket", dir.resolve("lone.sock").toString()));
    cmd.addAll(List.of(more));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().remove("VERTALIVED_JAVA_OPTS");
    pb.environment().putAll(env);
    Process p = pb.start();
    try {
      Netns.await(() -> "BACKUP\n" + read(log), 60_000,
          () -> read(log).contains("(VI_1) Entering BACKUP STATE") || !p.isAlive());
      assertTrue(p.isAlive(), read(log));
      // ip netns exec and the script exec: the pid is the JVM's
      String maps = Files.readString(Path.of("/proc/" + p.pid() + "/maps")) + "\ncommand line: "
          + Files.readString(Path.of("/proc/" + p.pid() + "/cmdline")).replace('\0', ' ');
      new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), read(log));
      assertEquals(143, p.exitValue(), read(log));
      assertFalse(read(log).contains(" WARN ") || read(log).contains("Exception") || read(log).contains("[warning]"),
          "a plain start and stop: " + read(log));
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
