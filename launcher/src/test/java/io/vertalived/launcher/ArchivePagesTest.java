package io.vertalived.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
  void aPrivateAndASharedMappingArePopulatedAndKeepTheirContent(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("archive.jsa");
    byte[] content = new byte[64 * 4096];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) (i * 31 + 7);
    }
    Files.write(file, content);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      MappedByteBuffer privateCopy = ch.map(FileChannel.MapMode.PRIVATE, 0, content.length);
      MappedByteBuffer readOnly = ch.map(FileChannel.MapMode.READ_ONLY, 0, content.length);
      String path = file.toRealPath().toString();
      List<ArchivePages.Region> regions = ArchivePages.regions(Files.readString(Path.of("/proc/self/maps")), path);
      assertEquals(2, regions.size(), "the test's two mappings of " + path);
      assertEquals(1, regions.stream().filter(ArchivePages.Region::writable).count());

      assertEquals(2, ArchivePages.populate(regions, path), ArchivePages.outcome());

      assertTrue(ArchivePages.outcome().startsWith("2 of 2 mappings of " + path + " populated"), ArchivePages.outcome());
      byte[] seenPrivate = new byte[content.length];
      privateCopy.get(0, seenPrivate);
      byte[] seenShared = new byte[content.length];
      readOnly.get(0, seenShared);
      assertArrayEquals(content, seenPrivate);
      assertArrayEquals(content, seenShared);
    }
    assertArrayEquals(content, Files.readAllBytes(file), "the file itself untouched");
  }

  @Test
  void withoutTheScriptsPropertyNothingIsAsked() {
    String before = System.clearProperty(ArchivePages.PROPERTY);
    try {
      assertEquals(0, ArchivePages.populate());
    } finally {
      if (before != null) {
        System.setProperty(ArchivePages.PROPERTY, before);
      }
    }
  }

  @Test
  void anArchiveThatIsNotMappedIsNotPopulated(@TempDir Path dir) {
    String before = System.setProperty(ArchivePages.PROPERTY, dir.resolve("absent.jsa").toString());
    try {
      assertEquals(0, ArchivePages.populate());
      assertTrue(ArchivePages.outcome().startsWith("0 of 0 mappings"), ArchivePages.outcome());
    } finally {
      if (before == null) {
        System.clearProperty(ArchivePages.PROPERTY);
      } else {
        System.setProperty(ArchivePages.PROPERTY, before);
      }
    }
  }
}
