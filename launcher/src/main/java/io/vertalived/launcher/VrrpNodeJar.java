package io.vertalived.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The jar a lone VRRP node (-P without --cluster) starts from: the fat jar without what such a node never loads,
 * the cluster (Hazelcast and vertx-hazelcast), the other services (notifier, gateway, ipvs) and the libraries only
 * they use. The fat jar's 25,000 entries cost a start ~50 ms and its central directory, read whole into the heap
 * and kept there while the jar is open, ~3 MiB (docs/benchmarks.md, start-to-BACKUP); this one has ~7,000. VRRP,
 * its trackers (vrrp_script, track_file: the checker service's), the configuration, the control channel and the
 * signals are all in it. {@code java -cp vertalived.jar io.vertalived.launcher.VrrpNodeJar FAT LEAN}: the
 * {@code vertalived} script writes it with the class-data archive, which is made from it, and uses the two together.
 */
public final class VrrpNodeJar {
  /**
   * What is left out, by the path of the entry (a multi-release entry by the path under its version): the
   * packages of the cluster, of the services a lone node does not run, and of the libraries only those use.
   */
  static final List<String> LEFT_OUT = List.of(
      "com/hazelcast/", "io/vertx/spi/cluster/hazelcast/", // the cluster (--cluster never runs from this jar)
      "io/vertalived/notifier/", "io/vertalived/gateway/", "io/vertalived/ipvs/", // the other services
      "org/sqlite/", "io/vertx/ext/", "io/vertx/openapi/", "io/vertx/json/schema/", "org/yaml/", // theirs
      "org/bouncycastle/", // the checkers' TLS (SSL_GET): not the trackers of a lone node
      "javax/cache/", "lib/", // Hazelcast's JCache API and native helpers
      "webroot/", "json-schema.org/", "spec.openapis.org/"); // the gateway's dashboard and schemas

  /** The entry that marks this jar, written first after the manifest (what it is, in words). */
  static final String MARK = "META-INF/vertalived-vrrp-node";

  private VrrpNodeJar() {}

  /** Whether this process runs from a lone node's jar (its mark on the class path). */
  static boolean running() {
    return VrrpNodeJar.class.getClassLoader().getResource(MARK) != null;
  }

  /** What a lone node's jar says when asked for more than a lone node (exit 2). */
  static int refuse(String what, java.io.PrintStream err) {
    err.println("vertalived: " + what + " needs vertalived.jar: this jar (vertalived-vrrp-node.jar) runs a lone VRRP"
        + " node only (-P without --cluster); the vertalived script chooses the jar by the arguments");
    return 2;
  }

  /** Whether the entry {@code name} is left out (a class, a resource, a multi-release version of one). */
  static boolean leftOut(String name) {
    String path = name;
    if (path.startsWith("META-INF/versions/")) {
      int slash = path.indexOf('/', "META-INF/versions/".length());
      path = slash < 0 ? "" : path.substring(slash + 1);
    }
    for (String prefix : LEFT_OUT) {
      if (path.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the class {@code binaryName} ({@code a.b.C}) is left out. */
  static boolean classLeftOut(String binaryName) {
    return leftOut(binaryName.replace('.', '/') + ".class");
  }

  /**
   * A service file (META-INF/services/...) without the providers that are left out; null when its service
   * itself is (no one can ask for it).
   */
  static String serviceFile(String service, String text) {
    if (classLeftOut(service)) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      String provider = line.replaceFirst("#.*", "").strip();
      if (provider.isEmpty() || !classLeftOut(provider)) {
        out.append(line).append('\n');
      }
    }
    // split keeps the text after the last newline: one newline at the end, as it was
    return out.substring(0, out.length() - 1);
  }

  /** Writes {@code lean} from {@code fat} (aside first, then renamed); the number of entries written. */
  static int write(Path fat, Path lean) throws IOException {
    Path temp = lean.resolveSibling(lean.getFileName() + ".tmp");
    int written = 0;
    try (ZipFile in = new ZipFile(fat.toFile());
        ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(temp))) {
      out.setLevel(1);
      for (ZipEntry e : java.util.Collections.list(in.entries())) {
        String name = e.getName();
        if (leftOut(name)) {
          continue;
        }
        byte[] data;
        try (InputStream is = in.getInputStream(e)) {
          data = is.readAllBytes();
        }
        if (name.startsWith("META-INF/services/") && !e.isDirectory()) {
          String kept = serviceFile(name.substring("META-INF/services/".length()),
              new String(data, StandardCharsets.UTF_8));
          if (kept == null) {
            continue;
          }
          data = kept.getBytes(StandardCharsets.UTF_8);
        }
        ZipEntry copy = new ZipEntry(name);
        copy.setTime(e.getTime());
        out.putNextEntry(copy);
        out.write(data);
        out.closeEntry();
        written++;
        if (name.equals(JarFile.MANIFEST_NAME)) {
          out.putNextEntry(new ZipEntry(MARK));
          out.write(("The jar of a lone VRRP node (-P without --cluster), written from " + fat.getFileName()
              + " by io.vertalived.launcher.VrrpNodeJar: the cluster and the other services are not in it.\n")
              .getBytes(StandardCharsets.UTF_8));
          out.closeEntry();
          written++;
        }
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    Files.move(temp, lean, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return written;
  }

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: VrrpNodeJar FAT_JAR LEAN_JAR");
      System.exit(2);
    }
    try {
      int n = write(Path.of(args[0]), Path.of(args[1]));
      System.out.println(args[1] + ": " + n + " entries");
    } catch (IOException | RuntimeException e) {
      System.err.println("cannot write " + args[1] + " from " + args[0] + ": " + e.getMessage());
      System.exit(1);
    }
  }
}
