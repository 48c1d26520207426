package io.vertalived.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Differential conformance: every corpus file is checked by Debian's keepalived ({@code -t})
 * and by {@code ./vertalived -t} inside a network namespace that has the interfaces the files
 * name (eth0, eth1). The exit codes, the sets of flagged line numbers and the messages must be
 * equal; messages are compared as a set after the location prefix is reduced to {@code (Line N)}
 * (keepalived prints some twice, in another order, and without the file name: docs/compatibility.md).
 * For the files of known-differences.properties keepalived 2.2.7 is wrong: there keepalived must
 * still differ and vertalived must give the listed result. known-message-differences.tsv lists,
 * line for line, the messages one side prints and the other does not, each with the row of
 * docs/compatibility.md that explains it; the differences must be exactly those.
 */
class KeepalivedConformanceIT {
  private static final Pattern LINE = Pattern.compile("Line (\\d+)\\)");
  private static final Pattern LOCATION = Pattern.compile("^\\((?:[^()]*: )?Line (\\d+)\\) ");
  private static final String NS = "vtl-conf-" + ProcessHandle.current().pid();
  private static Path home;
  private static Path corpus;
  private static boolean namespaceCreated;

  @BeforeAll
  static void namespace() throws Exception {
    home = Path.of(System.getProperty("vertalived.home", "..")).toRealPath();
    corpus = Path.of(System.getProperty("vertalived.corpus",
        "../core/src/test/resources/conformance")).toRealPath();
    assumeTrue(isRoot(), "skipped: needs root to create network namespaces");
    assumeTrue(Files.isExecutable(Path.of("/usr/sbin/keepalived")),
        "skipped: keepalived is not installed (apt-get install -y keepalived)");
    ProcessResult add = ProcessResult.run(null, List.of("ip", "netns", "add", NS));
    assumeTrue(add.exitCode() == 0, "skipped: cannot create a network namespace: " + add.output().strip());
    namespaceCreated = true;
    sh("ip", "-n", NS, "link", "add", "eth0", "type", "veth", "peer", "name", "eth1");
    sh("ip", "-n", NS, "link", "set", "lo", "up");
  }

  @AfterAll
  static void removeNamespace() throws Exception {
    if (namespaceCreated) {
      ProcessResult.run(null, List.of("ip", "netns", "del", NS));
    }
  }

  private static boolean isRoot() {
    try {
      return ProcessResult.run(null, List.of("id", "-u")).output().strip().equals("0");
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static void sh(String... cmd) throws Exception {
    ProcessResult r = ProcessResult.run(null, List.of(cmd));
    assertEquals(0, r.exitCode(), String.join(" ", cmd) + ": " + r.output());
  }

  @TestFactory
  Stream<DynamicTest> corpusAgreesWithKeepalived() throws IOException {
    Properties known = new Properties();
    try (Reader r = Files.newBufferedReader(corpus.resolve("known-differences.properties"))) {
      known.load(r);
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(corpus)) {
      files = s.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
    }
    assertTrue(files.size() >= 40, "the corpus must have at least 40 files, has " + files.size());
    return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
      Verdict keepalived = verdict(List.of("ip", "netns", "exec", NS, "/usr/sbin/keepalived",
          "-t", "-f", f.toString(), "-i", "node1"));
      Verdict ours = verdict(List.of("ip", "netns", "exec", NS, home.resolve("vertalived").toString(),
          "-t", "-f", f.toString(), "-i", "node1"));
      String name = f.getFileName().toString();
      String expected = known.getProperty(name);
      String both = "keepalived said:\n" + keepalived.output + "\nvertalived said:\n" + ours.output;
      TreeSet<String> keepalivedOnly = new TreeSet<>(keepalived.messages());
      keepalivedOnly.removeAll(ours.messages());
      TreeSet<String> oursOnly = new TreeSet<>(ours.messages());
      oursOnly.removeAll(keepalived.messages());
      if (expected == null) {
        assertEquals(keepalived.summary(), ours.summary(), both);
        assertEquals(listed(name, "keepalived"), keepalivedOnly, "messages only keepalived printed\n" + both);
      } else {
        assertNotEquals(keepalived.summary(), ours.summary(),
            "keepalived now agrees with us: remove the entry from known-differences.properties");
        assertEquals(expected.strip(), ours.summary(), "vertalived said:\n" + ours.output);
      }
      assertEquals(listed(name, "vertalived"), oursOnly, "messages only vertalived printed\n" + both);
    }));
  }

  /** The messages known-message-differences.tsv lists for one side of one file. */
  private static TreeSet<String> listed(String file, String side) throws IOException {
    TreeSet<String> out = new TreeSet<>();
    for (String l : Files.readAllLines(corpus.resolve("known-message-differences.tsv"))) {
      String[] f = l.split("\t");
      if (!l.startsWith("#") && f.length >= 4 && f[0].equals(file) && f[1].equals(side)) {
        out.add(f[2]);
      }
    }
    return out;
  }

  private record Verdict(int exitCode, TreeSet<Integer> lines, String output) {
    /** Each message once, its location reduced to {@code (Line N)}. */
    TreeSet<String> messages() {
      TreeSet<String> out = new TreeSet<>();
      for (String l : output.split("\n")) {
        String t = l.strip();
        if (t.isEmpty()) {
          continue;
        }
        Matcher m = LOCATION.matcher(t);
        out.add(m.find() ? "(Line " + m.group(1) + ") " + t.substring(m.end()) : t);
      }
      return out;
    }

    String summary() {
      StringBuilder b = new StringBuilder().append(exitCode).append(':');
      String sep = "";
      for (int l : lines) {
        b.append(sep).append(l);
        sep = ",";
      }
      return b.toString();
    }
  }

  private static Verdict verdict(List<String> cmd) throws Exception {
    ProcessResult r = ProcessResult.run(corpus, cmd);
    TreeSet<Integer> lines = new TreeSet<>();
    Matcher m = LINE.matcher(r.output());
    while (m.find()) {
      lines.add(Integer.parseInt(m.group(1)));
    }
    List<String> interesting = new ArrayList<>();
    for (String l : r.output().split("\n")) {
      if (!l.isBlank()) {
        interesting.add(l);
      }
    }
    return new Verdict(r.exitCode(), lines, String.join("\n", interesting));
  }
}
