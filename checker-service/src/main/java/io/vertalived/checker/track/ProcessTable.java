package io.vertalived.checker.track;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the processes of this host from /proc: {@code comm} and the state from
 * {@code /proc/PID/stat}, the words of {@code /proc/PID/cmdline} (only when some tracker needs
 * them, since reading it can swap a process in). Blocking: call it off the event loop.
 */
final class ProcessTable {
  private static final int MAX_CMDLINE = 4096;

  private ProcessTable() {}

  static List<ProcessInfo> read(Path proc, boolean withCmdline) {
    List<ProcessInfo> out = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc, p -> isPid(p.getFileName().toString()))) {
      for (Path dir : dirs) {
        ProcessInfo p = one(dir, withCmdline);
        if (p != null) {
          out.add(p);
        }
      }
    } catch (IOException e) {
      // /proc unreadable: no processes seen
    }
    return out;
  }

  private static ProcessInfo one(Path dir, boolean withCmdline) {
    try {
      String stat = Files.readString(dir.resolve("stat"), StandardCharsets.ISO_8859_1);
      int open = stat.indexOf('(');
      int close = stat.lastIndexOf(')');
      if (open < 0 || close < open || close + 2 >= stat.length()) {
        return null;
      }
      String comm = stat.substring(open + 1, close);
      boolean zombie = stat.charAt(close + 2) == 'Z';
      List<String> argv = List.of();
      if (withCmdline) {
        byte[] raw;
        try (var in = Files.newInputStream(dir.resolve("cmdline"))) {
          raw = in.readNBytes(MAX_CMDLINE);
        }
        String s = new String(raw, StandardCharsets.UTF_8);
        if (s.endsWith("\0")) {
          s = s.substring(0, s.length() - 1);
        }
        argv = s.isEmpty() ? List.of() : Arrays.asList(s.split("\0", -1));
      }
      return new ProcessInfo(comm, argv, zombie);
    } catch (IOException e) {
      return null; // the process ended while we looked
    }
  }

  private static boolean isPid(String name) {
    return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
  }
}
