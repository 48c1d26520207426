package io.vertalived.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * The pid file of a running node ({@code -p/--pid}, default {@code /run/vertalived.pid}, as
 * keepalived's {@code /run/keepalived.pid}): what {@code vertalived reload} and scripts signal.
 * Removed at exit if it still names this process.
 */
final class PidFile {
  private static final Logger LOG = Logger.getLogger("io.vertalived.launcher");
  private final Path path;

  private PidFile(Path path) {
    this.path = path;
  }

  static PidFile write(String file) {
    Path p = Path.of(file);
    try {
      Files.writeString(p, ProcessHandle.current().pid() + "\n");
      return new PidFile(p);
    } catch (IOException | RuntimeException e) {
      LOG.warning("cannot write pid file " + file + ": " + e.getMessage() + " (vertalived reload needs it)");
      return new PidFile(null);
    }
  }

  /** The pid a pid file names; fails with a message naming the file. */
  static long read(String file) throws IOException {
    String text;
    try {
      text = Files.readString(Path.of(file)).trim();
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IOException("no pid file " + file + " (is vertalived running? give its -p FILE)");
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IOException("pid file " + file + " holds '" + text + "', not a pid");
    }
  }

  void remove() {
    if (path == null) {
      return;
    }
    try {
      if (Files.readString(path).trim().equals(Long.toString(ProcessHandle.current().pid()))) {
        Files.delete(path);
      }
    } catch (IOException e) {
      // gone already, or not ours to remove
    }
  }
}
