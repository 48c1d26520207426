package io.vertalived.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lone VRRP node's jar as the build writes it (`vertalived cds-archive` in a home of its own; no root needed):
 * every class of ours in it verifies without what it leaves out, but the three that are never on a lone node's path
 * (the JVM's own verifier, as the class-data archive's dump runs it: a class that implements, extends or is passed
 * as a type the jar lacks fails there, where a reference the verifier need not load does not); the `vertalived`
 * script takes it only for a lone node, choosing by the last of -P, -C and --services as the launcher does; and
 * asked for more than a lone node, it says so (exit 2). The node's runs from it: LoneNodeStartIT and the interop ITs.
 */
class VrrpNodeJarIT {
  /** Ours that do not verify without the cluster or BouncyCastle, and why none is on a lone node's path. */
  private static final Set<String> UNVERIFIABLE = Set.of(
      "io.vertalived.core.cluster.ClusterNodeMap", // made only in a cluster
      "io.vertalived.core.cluster.ClusterNodeMap$1", // its Hazelcast membership listener
      "io.vertalived.checker.health.EncryptedKey"); // the checkers' TLS keys, not the trackers'

  @TempDir
  static Path dir;
  static Path home;
  static Path lean;

  @BeforeAll
  static void writeTheJar() throws Exception {
    Path real = Path.of(System.getProperty("vertalived.home", "..")).toRealPath();
    home = dir.resolve("home");
    Files.createDirectories(home.resolve("launcher/target"));
    Files.createDirectories(home.resolve("launcher/cds"));
    Files.copy(real.resolve("vertalived"), home.resolve("vertalived"), StandardCopyOption.COPY_ATTRIBUTES);
    Files.copy(real.resolve("launcher/cds/vrrp-node.classlist"), home.resolve("launcher/cds/vrrp-node.classlist"));
    Files.copy(real.resolve("launcher/target/vertalived.jar"), home.resolve("launcher/target/vertalived.jar"));
    ProcessResult r = ProcessResult.run(null, List.of(home.resolve("vertalived").toString(), "cds-archive"));
    assertEquals(0, r.exitCode(), r.output());
    lean = home.resolve("launcher/target/vertalived-vrrp-node.jar");
    assertTrue(Files.exists(lean), r.output());
  }

  @Test
  void everyClassOfOursInItVerifiesButTheClustersAndTheCheckersTls() throws Exception {
    List<String> ours = new ArrayList<>();
    try (ZipFile z = new ZipFile(lean.toFile())) {
      for (ZipEntry e : Collections.list(z.entries())) {
        if (e.getName().startsWith("io/vertalived/") && e.getName().endsWith(".class")) {
          ours.add(e.getName().substring(0, e.getName().length() - ".class".length()));
        }
      }
    }
    assertTrue(ours.size() > 300, "our classes in the jar: " + ours.size());
    Path list = dir.resolve("ours.classlist");
    Files.write(list, ours);
    ProcessResult r = ProcessResult.run(null, List.of("java", "-Xshare:dump", "-XX:SharedClassListFile=" + list,
        "-XX:SharedArchiveFile=" + dir.resolve("ours.jsa"), "-Xlog:cds=warning", "-cp", lean.toString()));
    assertEquals(0, r.exitCode(), r.output());
    Set<String> failed = new TreeSet<>();
    Matcher m = Pattern.compile("Preload Warning: (?:Verification failed for|Cannot find) (\\S+)").matcher(r.output());
    while (m.find()) {
      String name = m.group(1).replace('/', '.');
      if (name.startsWith("io.vertalived.")) {
        failed.add(name);
      }
    }
    assertEquals(new TreeSet<>(UNVERIFIABLE), failed, "classes of ours that do not verify from the lone node's jar:"
        + " one a lone node loads would stop it (NoClassDefFoundError); keep such code in a class of its own\n"
        + r.output());
  }

  /** The JVM options the script gives for these arguments (VERTALIVED_SHOW_JVM_OPTIONS). */
  private static String jvmOptions(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("env", "-u", "VERTALIVED_JAVA_OPTS", "VERTALIVED_SHOW_JVM_OPTIONS=1",
        home.resolve("vertalived").toString()));
    cmd.addAll(List.of(args));
    ProcessResult r = ProcessResult.run(null, cmd);
    assertEquals(0, r.exitCode(), r.output());
    return r.output();
  }

  @Test
  void theScriptTakesItForALoneNodeOnly() throws Exception {
    for (List<String> lone : List.of(List.of("-P"), List.of("-C", "-P"), List.of("--services", "vrrp"),
        List.of("--services=checker", "--vrrp"))) {
      String opts = jvmOptions(lone.toArray(String[]::new));
      assertTrue(opts.contains("vertalived-vrrp.jsa") && opts.contains("-Xmn4m"), lone + ": " + opts);
    }
    for (List<String> not : List.of(List.of("-P", "-C"), List.of("-P", "--services", "vrrp,gateway"),
        List.of("-P", "--cluster"), List.of("--cluster=yes", "-P"), List.<String>of())) {
      String opts = jvmOptions(not.toArray(String[]::new));
      assertFalse(opts.contains("vertalived-vrrp.jsa") || opts.contains("-Xmn4m"), not + ": " + opts);
    }
  }

  @Test
  void askedForMoreThanALoneNodeItSaysSo() throws Exception {
    Path conf = dir.resolve("k.conf");
    Files.writeString(conf, "vrrp_instance VI_1 {\n interface lo\n virtual_router_id 51\n priority 90\n"
        + " virtual_ipaddress {\n  198.18.0.100/32\n }\n}\n");
    for (List<String> more : List.of(List.of("--cluster", "-P"), List.of("-P", "--services", "vrrp,notifier"),
        List.of("-C"), List.of("ipvs", "status"))) {
      List<String> cmd = new ArrayList<>(List.of("java", "-jar", lean.toString()));
      cmd.addAll(more);
      cmd.addAll(List.of("-t", "-f", conf.toString()));
      ProcessResult r = ProcessResult.run(null, cmd);
      assertEquals(2, r.exitCode(), more + ": " + r.output());
      assertTrue(r.output().contains("needs vertalived.jar: this jar (vertalived-vrrp-node.jar) runs a lone VRRP"
          + " node only"), more + ": " + r.output());
    }
    // what it runs, it runs: its version, and the configuration test of a lone node
    ProcessResult version = ProcessResult.run(null, List.of("java", "-jar", lean.toString(), "--version"));
    assertEquals(0, version.exitCode(), version.output());
    assertTrue(version.output().startsWith("vertalived "), version.output());
    ProcessResult ok = ProcessResult.run(null, List.of("java", "-jar", lean.toString(), "-P", "-t", "-f",
        conf.toString()));
    assertFalse(ok.output().contains("needs vertalived.jar"), ok.output());
    assertFalse(ok.output().contains("Exception") || ok.output().contains("NoClassDefFoundError"), ok.output());
  }
}
