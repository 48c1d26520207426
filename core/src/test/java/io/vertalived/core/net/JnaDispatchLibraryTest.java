package io.vertalived.core.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JnaDispatchLibraryTest {
  @TempDir
  Path dir;

  @Test
  void copiesThisPlatformsLibraryUnderTheNameJnaLooksFor() throws Exception {
    Path written = JnaDispatchLibrary.copyInto(dir.resolve("jna"));
    assertEquals(dir.resolve("jna").resolve(System.mapLibraryName("jnidispatch")), written);
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(JnaDispatchLibrary.resource())) {
      assertArrayEquals(in.readAllBytes(), Files.readAllBytes(written));
    }
    // written again over the first copy, nothing left aside
    JnaDispatchLibrary.copyInto(dir.resolve("jna"));
    try (var files = Files.list(dir.resolve("jna"))) {
      assertEquals(1, files.count());
    }
    assertFalse(Files.exists(dir.resolve("jna").resolve(written.getFileName() + ".tmp")));
  }
}
