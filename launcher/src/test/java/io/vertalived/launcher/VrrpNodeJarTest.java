package io.vertalived.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lone VRRP node's jar (VrrpNodeJar): what it leaves out, by entry and multi-release version; service files
 * without the providers left out; the manifest as it was. And that a lone node does not need what it leaves out: the
 * class list names none of it, and our classes a lone node may load refer to it only where the reference is known to
 * be off its path (a class used only with --cluster or by the checkers, a check made only when clustered). (The
 * lone node's runs from that jar are the ITs that start `vertalived -P`: LoneNodeStartIT, the keepalived interop.)
 */
class VrrpNodeJarTest {
  @TempDir
  Path dir;

  @Test
  void leavesOutTheClusterTheOtherServicesAndTheirLibrariesInEveryVersion() {
    for (String out : List.of("com/hazelcast/core/HazelcastInstance.class", "io/vertx/spi/cluster/hazelcast/X.class",
        "io/vertalived/notifier/NotifierService.class", "io/vertalived/gateway/GatewayService.class",
        "io/vertalived/ipvs/service/IpvsService.class", "org/bouncycastle/asn1/X.class",
        "META-INF/versions/9/org/bouncycastle/X.class", "org/sqlite/native/Linux/x86_64/libsqlitejdbc.so",
        "webroot/app.js", "io/vertx/ext/web/Router.class", "lib/linux-x86_64/libicmp_helper.so")) {
      assertTrue(VrrpNodeJar.leftOut(out), out);
    }
    for (String in : List.of("io/vertalived/vrrp/service/VrrpVerticle.class", "io/vertalived/launcher/Main.class",
        "io/vertalived/checker/track/TrackersService.class", "io/vertx/core/Vertx.class", "io/netty/channel/Channel.class",
        "com/sun/jna/Native.class", "META-INF/versions/17/com/fasterxml/jackson/core/io/X.class",
        "META-INF/MANIFEST.MF", "META-INF/services/io.vertalived.core.service.SuiteService", "META-INF/versions/")) {
      assertFalse(VrrpNodeJar.leftOut(in), in);
    }
  }

  @Test
  void aServiceFileKeepsItsCommentsAndTheProvidersThatAreIn() {
    assertEquals("# providers\nio.vertalived.vrrp.service.VrrpService\n\nio.vertalived.checker.track.TrackersService\n",
        VrrpNodeJar.serviceFile("io.vertalived.core.service.SuiteService",
            "# providers\nio.vertalived.vrrp.service.VrrpService\nio.vertalived.notifier.NotifierService # mail\n\n"
                + "io.vertalived.checker.track.TrackersService\nio.vertalived.gateway.GatewayService\n"));
    assertNull(VrrpNodeJar.serviceFile("com.hazelcast.DataSerializerHook", "com.hazelcast.X\n"));
  }

  @Test
  void writesTheJarWithItsManifestAndWithoutWhatItLeavesOut() throws Exception {
    Path fat = dir.resolve("fat.jar");
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "io.vertalived.launcher.Main");
    m.getMainAttributes().putValue("Add-Opens", "java.base/java.lang");
    m.getMainAttributes().putValue("Multi-Release", "true");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(fat), m)) {
      for (String name : List.of("io/vertalived/vrrp/A.class", "com/hazelcast/B.class",
          "META-INF/versions/9/org/bouncycastle/C.class", "META-INF/versions/11/com/fasterxml/D.class")) {
        out.putNextEntry(new ZipEntry(name));
        out.write(name.getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
      out.putNextEntry(new ZipEntry("META-INF/services/io.vertalived.core.service.SuiteService"));
      out.write("io.vertalived.vrrp.service.VrrpService\nio.vertalived.gateway.GatewayService\n"
          .getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
      out.putNextEntry(new ZipEntry("META-INF/services/com.hazelcast.SerializerHook"));
      out.write("com.hazelcast.X\n".getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    Path lean = dir.resolve("lean.jar");
    assertEquals(5, VrrpNodeJar.write(fat, lean));
    assertFalse(Files.exists(dir.resolve("lean.jar.tmp")));
    try (JarFile jar = new JarFile(lean.toFile())) {
      List<String> names = new ArrayList<>(Collections.list(jar.entries()).stream().map(ZipEntry::getName).toList());
      Collections.sort(names);
      assertEquals(List.of("META-INF/MANIFEST.MF", "META-INF/services/io.vertalived.core.service.SuiteService",
          "META-INF/versions/11/com/fasterxml/D.class", VrrpNodeJar.MARK, "io/vertalived/vrrp/A.class"),
          names.stream().filter(n -> !n.endsWith("/")).toList());
      assertEquals("io.vertalived.launcher.Main", jar.getManifest().getMainAttributes().getValue("Main-Class"));
      assertEquals("java.base/java.lang", jar.getManifest().getMainAttributes().getValue("Add-Opens"));
      assertEquals("io.vertalived.vrrp.service.VrrpService\n", new String(jar.getInputStream(
          jar.getEntry("META-INF/services/io.vertalived.core.service.SuiteService")).readAllBytes(),
          StandardCharsets.UTF_8));
      assertEquals("io/vertalived/vrrp/A.class", new String(jar.getInputStream(jar.getEntry(
          "io/vertalived/vrrp/A.class")).readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void itSaysWhatItDoesNotRun() {
    assertFalse(VrrpNodeJar.running(), "the build's class path is not the lone node's jar");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(2, VrrpNodeJar.refuse("--cluster", new PrintStream(err, true, StandardCharsets.UTF_8)));
    assertEquals("vertalived: --cluster needs vertalived.jar: this jar (vertalived-vrrp-node.jar) runs a lone VRRP node"
        + " only (-P without --cluster); the vertalived script chooses the jar by the arguments\n",
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void theLoneNodesClassListNamesNothingItsJarLeavesOut() throws Exception {
    List<String> named = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("cds/vrrp-node.classlist"))) {
      if (!line.startsWith("#") && !line.isBlank()) {
        String name = (line.startsWith("@lambda-proxy ") ? line.substring("@lambda-proxy ".length()) : line)
            .split(" ")[0];
        if (name.startsWith("@")) {
          continue;
        }
        if (VrrpNodeJar.leftOut(name + ".class")) {
          named.add(name);
        }
      }
    }
    assertEquals(List.of(), named);
  }

  /** A lone node keeps no metrics: it makes no meters (ProcessMetrics.keeps), so no Micrometer class but the types. */
  @Test
  void theLoneNodeMakesNoMeters() throws Exception {
    List<String> micrometer = Files.readAllLines(Path.of("cds/vrrp-node.classlist")).stream()
        .filter(l -> l.startsWith("io/micrometer/")).map(l -> l.split(" ")[0]).sorted().toList();
    assertEquals(List.of("io/micrometer/core/instrument/MeterRegistry",
        "io/micrometer/prometheusmetrics/PrometheusMeterRegistry"), micrometer,
        "(ProcessMetrics' types, loaded as it is verified)");
  }

  /**
   * Where our classes that a lone node's jar keeps refer to classes it leaves out, and why that reference is not on
   * a lone node's path. A class referring to Hazelcast's types that is itself loaded by a lone node must not need
   * them to be loaded or verified (no Hazelcast type implemented, extended or passed where the verifier must load
   * it: an anonymous listener is a class of its own, ClusterNodeMap).
   */
  private static final Map<String, String> KNOWN = Map.of(
      "io.vertalived.checker.health.EncryptedKey", "the checkers' TLS keys (SSL_GET): not the trackers",
      "io.vertalived.core.cluster.ClusterBootstrap", "its clustered start: only with --cluster",
      "io.vertalived.core.cluster.ClusterMembers", "asks Hazelcast only when there is a cluster manager",
      "io.vertalived.core.cluster.ClusterNodeMap", "made only in a cluster",
      "io.vertalived.core.cluster.ClusterNodeMap$1", "its membership listener",
      "io.vertalived.core.journal.HazelcastJournal", "made only in a cluster",
      "io.vertalived.core.journal.Journals", "a Hazelcast journal only when ClusterMembers has Hazelcast",
      "io.vertalived.core.service.HealthProbes", "asks Hazelcast only when ClusterMembers has it",
      "io.vertalived.core.service.NodeDirectoryVerticle", "hands Hazelcast to ClusterNodeMap only in a cluster",
      "io.vertalived.launcher.IpvsCommand", "`vertalived ipvs`: not a lone node");

  @Test
  void ourClassesReferToWhatItLeavesOutOnlyWhereKnown() throws Exception {
    java.util.spi.ToolProvider jdeps = java.util.spi.ToolProvider.findFirst("jdeps").orElseThrow();
    List<String> args = new ArrayList<>(List.of("-verbose:class", "--multi-release", "17"));
    for (Class<?> c : List.of(Main.class, io.vertalived.core.service.Suite.class,
        io.vertalived.vrrp.service.VrrpVerticle.class, io.vertalived.checker.track.TrackersService.class)) {
      args.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int rc = jdeps.run(new PrintStream(out, true, StandardCharsets.UTF_8), System.err, args.toArray(String[]::new));
    assertEquals(0, rc, out.toString(StandardCharsets.UTF_8));
    Map<String, TreeSet<String>> refs = new TreeMap<>();
    for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 3 && f[1].equals("->") && f[0].startsWith("io.vertalived.") && !VrrpNodeJar.classLeftOut(f[0])
          && VrrpNodeJar.classLeftOut(f[2])) {
        refs.computeIfAbsent(f[0], k -> new TreeSet<>()).add(f[2]);
      }
    }
    assertTrue(refs.containsKey("io.vertalived.core.cluster.ClusterBootstrap"), "jdeps read our classes: " + refs);
    Map<String, TreeSet<String>> unknown = new TreeMap<>(refs);
    unknown.keySet().removeAll(KNOWN.keySet());
    assertEquals(Map.of(), unknown, "classes a lone VRRP node's jar keeps refer to classes it leaves out (VrrpNodeJar):"
        + " keep them off a lone node's path, then say why here");
  }
}
