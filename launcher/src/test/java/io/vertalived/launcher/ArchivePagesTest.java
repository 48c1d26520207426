package io.vertalived.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchivePagesTest {
  @Test
  void theArchivesReadableMappingsAreFoundAndNothingElse() {
    String path = "/opt/vertalived/launcher/target/vertalived-vrrp.jsa";
    String maps = String.join("\n",
        "800000000-8007d5000 rw-p 00001000 fd:01 1234   " + path,
        "8007d5000-801426000 r--p 007d6000 fd:01 1234   " + path,
        "801426000-802000000 ---p 00000000 00:00 0 ",
        "7f0e00000000-7f0e00001000 r--p 00000000 fd:01 99   /elsewhere" + path,
        "7f0e00002000-7f0e00003000 ---p 00000000 fd:01 1234   " + path,
        "7f0e43251000-7f0e43fa4000 r-xp 00651000 fd:01 77   /usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so",
        "garbage " + path,
        "zz-8007d5000 r--p 007d6000 fd:01 1234   " + path) + "\n";
    assertEquals(List.of(new ArchivePages.Region(0x800000000L, 0x8007d5000L, true),
        new ArchivePages.Region(0x8007d5000L, 0x801426000L, false)), ArchivePages.regions(maps, path));
  }

  @Test
  void onlyTheOneWritableRegionIsFaultedInForWriting() {
    var rw = new ArchivePages.Region(0x800000000L, 0x8007d5000L, true);
    var ro = new ArchivePages.Region(0x8007d5000L, 0x801426000L, false);
    assertEquals(List.of(ArchivePages.MADV_POPULATE_WRITE, ArchivePages.MADV_POPULATE_READ), ArchivePages.advice(List.of(rw, ro)));
    // all of it writable (a JVMTI agent that may redefine classes): copying the read-only pages would cost memory
    var roWritable = new ArchivePages.Region(0x8007d5000L, 0x801426000L, true);
    assertEquals(List.of(ArchivePages.MADV_POPULATE_READ, ArchivePages.MADV_POPULATE_READ),
        ArchivePages.advice(List.of(rw, roWritable)));
  }

  @Test
  void aPrivateAndASharedMappingArePopulatedThroughALinkAndKeepTheirContent(@TempDir Path dir) throws Exception {
    assumeTrue(kernelAtLeast(5, 14), "MADV_POPULATE_READ/WRITE came with Linux 5.14; this is " + System.getProperty("os.version"));
    Path real = Files.createDirectory(dir.resolve("real"));
    Path file = real.resolve("archive.jsa");
    byte[] content = new byte[64 * 4096];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) (i * 31 + 7);
    }
    Files.write(file, content);
    // the script names the archive by the path it was started with; the kernel names the file by its real path
    Path link = Files.createSymbolicLink(dir.resolve("link"), real);
    String before = System.setProperty(ArchivePages.PROPERTY, link.resolve("archive.jsa").toString());
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      MappedByteBuffer privateCopy = ch.map(FileChannel.MapMode.PRIVATE, 0, content.length);
      MappedByteBuffer readOnly = ch.map(FileChannel.MapMode.READ_ONLY, 0, content.length);

      assertEquals(2, ArchivePages.populate(), ArchivePages.outcome());

      String path = file.toRealPath().toString();
      assertTrue(ArchivePages.outcome().startsWith("2 of 2 mappings of " + path + " populated"), ArchivePages.outcome());
      byte[] seenPrivate = new byte[content.length];
      privateCopy.get(0, seenPrivate);
      byte[] seenShared = new byte[content.length];
      readOnly.get(0, seenShared);
      assertArrayEquals(content, seenPrivate);
      assertArrayEquals(content, seenShared);
    } finally {
      restore(before);
    }
    assertArrayEquals(content, Files.readAllBytes(file), "the file itself untouched");
  }

  @Test
  void anArchiveThatIsNotThereIsNotPopulated(@TempDir Path dir) {
    String before = System.setProperty(ArchivePages.PROPERTY, dir.resolve("absent.jsa").toString());
    try {
      assertEquals(0, ArchivePages.populate());
      assertTrue(ArchivePages.outcome().startsWith("not populated: java.nio.file.NoSuchFileException"), ArchivePages.outcome());
    } finally {
      restore(before);
    }
  }

  private static void restore(String before) {
    if (before == null) {
      System.clearProperty(ArchivePages.PROPERTY);
    } else {
      System.setProperty(ArchivePages.PROPERTY, before);
    }
  }

  /** Whether the running kernel is at least {@code major.minor} (os.version: "6.18.44-fc-v1252"). */
  static boolean kernelAtLeast(int major, int minor) {
    String[] v = System.getProperty("os.version").split("[.-]");
    int ma = Integer.parseInt(v[0]);
    int mi = v.length > 1 ? Integer.parseInt(v[1]) : 0;
    return ma > major || ma == major && mi >= minor;
  }
}
