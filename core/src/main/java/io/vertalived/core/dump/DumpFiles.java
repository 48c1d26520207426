package io.vertalived.core.dump;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * Where and how keepalived's signal dumps are written (keepalived(8) SIGNALS): in {@code $TMPDIR}
 * when it is an absolute path, else {@code /tmp}; each file replaced whole, never appended,
 * readable by its owner only (keepalived's default umask 0177). keepalived renames its temporary
 * file over the old one before writing it; we write it first, so that a reader never sees a
 * half-written dump.
 */
public final class DumpFiles {
  private DumpFiles() {}

  /** The directory of the dumps for this environment. */
  public static Path directory(Map<String, String> env) {
    String tmp = env.get("TMPDIR");
    return tmp != null && tmp.startsWith("/") ? Path.of(tmp) : Path.of("/tmp");
  }

  /** Replaces {@code directory/name} with {@code content} (blocking: off the event loop). */
  public static Path write(Path directory, String name, String content) throws IOException {
    Path target = directory.resolve(name);
    Path temp = Files.createTempFile(directory, name, ".tmp",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.writeString(temp, content, StandardCharsets.UTF_8);
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
    return target;
  }
}
