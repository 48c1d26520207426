package io.vertalived.core.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.config.parse.Diagnostic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutated corpus files and random bytes: loading always ends with a model or diagnostics, never
 * an exception (the loader turns one into an "internal error" diagnostic, which fails here) and
 * never a hang. Bounded: {@code vertalived.fuzz.count} inputs (default 5000), fixed seed unless
 * {@code vertalived.fuzz.seed} is set.
 */
class ParserFuzzTest {
  private static final String[] FRAGMENTS = {"{", "}", "\"", "'", "\\", "#", "!", "$", "${", "$X=",
      "@node1 ", "@^", "~SEQ(", "~SEQ(I,1,3) ", "~LST(", "include ", "include *", "\n", " ",
      "vrrp_instance V {", "virtual_server 1.2.3.4 80 {", "real_server", "HTTP_GET {", "url {",
      "weight 999999999999", "priority -1", "advert_int 1e309", "\u0000", "\u00ff", "$A=$A\n$A\n"};

  @TempDir
  Path dir;

  @Test
  void mutatedCorpusAndRandomBytesNeverEscapeAsExceptions() throws IOException {
    long seed = Long.getLong("vertalived.fuzz.seed", 20261122L);
    int count = Integer.getInteger("vertalived.fuzz.count", 5000);
    Random rnd = new Random(seed);
    List<byte[]> corpus = new ArrayList<>();
    Path conformance = Path.of("src/test/resources/conformance");
    try (Stream<Path> s = Files.list(conformance)) {
      for (Path p : s.filter(f -> f.toString().endsWith(".conf")).sorted().toList()) {
        corpus.add(Files.readAllBytes(p));
      }
    }
    assertTrue(corpus.size() >= 40);
    Path input = dir.resolve("fuzz.conf");
    for (int i = 0; i < count; i++) {
      byte[] bytes = i % 10 == 9 ? randomBytes(rnd) : mutate(corpus.get(rnd.nextInt(corpus.size())), rnd);
      Files.write(input, bytes);
      int iteration = i;
      ConfigLoader.Result r = assertTimeoutPreemptively(Duration.ofSeconds(20),
          () -> ConfigLoader.load(input, Configs.OPTIONS),
          () -> "hang on input " + iteration + " (seed " + seed + ")");
      assertNotNull(r.diagnostics());
      for (Diagnostic d : r.diagnostics()) {
        assertFalse(d.message().startsWith("internal error"), () -> "seed " + seed + " input "
            + iteration + ": " + d.message() + "\n" + new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1));
      }
    }
  }

  private static byte[] randomBytes(Random rnd) {
    byte[] b = new byte[rnd.nextInt(4096)];
    rnd.nextBytes(b);
    return b;
  }

  private static byte[] mutate(byte[] original, Random rnd) {
    StringBuilder s = new StringBuilder(new String(original, java.nio.charset.StandardCharsets.ISO_8859_1));
    int edits = 1 + rnd.nextInt(8);
    for (int e = 0; e < edits && s.length() > 0; e++) {
      int at = rnd.nextInt(s.length());
      switch (rnd.nextInt(6)) {
        case 0 -> s.insert(at, FRAGMENTS[rnd.nextInt(FRAGMENTS.length)]);
        case 1 -> s.deleteCharAt(at);
        case 2 -> s.setCharAt(at, (char) rnd.nextInt(256));
        case 3 -> {
          int end = Math.min(s.length(), at + rnd.nextInt(200));
          s.insert(rnd.nextInt(s.length()), s.substring(at, end));
        }
        case 4 -> s.setLength(at);
        default -> s.insert(at, "x".repeat(rnd.nextInt(2000)));
      }
    }
    return s.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
  }
}
