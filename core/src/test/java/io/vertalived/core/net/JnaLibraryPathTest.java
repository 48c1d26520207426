package io.vertalived.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class JnaLibraryPathTest {
  @Test
  void theStandardDirectoriesHoldThisMachinesLibc() {
    String[] dirs = JnaLibraryPath.standard().split(File.pathSeparator);
    assertEquals(6, dirs.length);
    assertTrue(dirs[0].startsWith("/usr/lib/") && dirs[0].endsWith("-linux-gnu"), dirs[0]);
    assertTrue(Arrays.stream(dirs).anyMatch(d -> Files.exists(Path.of(d, "libc.so.6"))),
        "libc.so.6 in one of " + Arrays.toString(dirs));
  }

  @Test
  void aPathGivenAlreadyIsKept() {
    String before = System.getProperty(JnaLibraryPath.PROPERTY);
    try {
      System.setProperty(JnaLibraryPath.PROPERTY, "/opt/elsewhere");
      JnaLibraryPath.set();
      assertEquals("/opt/elsewhere", System.getProperty(JnaLibraryPath.PROPERTY));
      System.clearProperty(JnaLibraryPath.PROPERTY);
      JnaLibraryPath.set();
      assertEquals(JnaLibraryPath.standard(), System.getProperty(JnaLibraryPath.PROPERTY));
    } finally {
      if (before == null) {
        System.clearProperty(JnaLibraryPath.PROPERTY);
      } else {
        System.setProperty(JnaLibraryPath.PROPERTY, before);
      }
    }
  }
}
