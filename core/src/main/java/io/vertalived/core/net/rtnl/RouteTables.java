package io.vertalived.core.net.rtnl;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Route table names as iproute2 (and so keepalived) knows them: {@code main}, {@code local},
 * {@code default}, then the {@code NUMBER NAME} lines of {@code rt_tables} and
 * {@code rt_tables.d/*.conf} under {@code /etc/iproute2} (or {@code /usr/share/iproute2} where
 * /etc has none); {@code #} starts a comment. Read once, when a name is first looked up.
 */
public final class RouteTables {
  private RouteTables() {}

  private static final class Installed {
    static final Map<String, Integer> NAMES = load(Path.of("/etc/iproute2"), Path.of("/usr/share/iproute2"));
  }

  /** The table of a name or number, or null when it is neither. */
  public static Integer lookup(String nameOrNumber) {
    return lookup(nameOrNumber, Installed.NAMES);
  }

  static Integer lookup(String nameOrNumber, Map<String, Integer> names) {
    Integer named = names.get(nameOrNumber);
    if (named != null) {
      return named;
    }
    try {
      long n = Long.parseLong(nameOrNumber);
      return n >= 0 && n <= 0xffffffffL ? (int) n : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The names in {@code text}, one {@code NUMBER NAME} per line, added to {@code into}. */
  static void parse(String text, Map<String, Integer> into) {
    for (String line : text.split("\n")) {
      int hash = line.indexOf('#');
      String[] w = (hash >= 0 ? line.substring(0, hash) : line).trim().split("\\s+");
      if (w.length >= 2) {
        try {
          long n = w[0].startsWith("0x") ? Long.parseLong(w[0].substring(2), 16) : Long.parseLong(w[0]);
          if (n >= 0 && n <= 0xffffffffL) {
            into.put(w[1], (int) n);
          }
        } catch (NumberFormatException ignored) {
          // not a table line: iproute2 skips it too
        }
      }
    }
  }

  static Map<String, Integer> load(Path etc, Path usr) {
    Map<String, Integer> names = new HashMap<>(Map.of("default", 253, "main", 254, "local", 255));
    Path dir = Files.isRegularFile(etc.resolve("rt_tables")) ? etc : usr;
    read(dir.resolve("rt_tables"), names);
    TreeSet<Path> parts = new TreeSet<>();
    for (Path d : new Path[] {usr.resolve("rt_tables.d"), etc.resolve("rt_tables.d")}) {
      if (Files.isDirectory(d)) {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(d, "*.conf")) {
          s.forEach(parts::add);
        } catch (IOException ignored) {
          // an unreadable directory adds no names
        }
      }
    }
    parts.forEach(p -> read(p, names));
    return names;
  }

  private static void read(Path file, Map<String, Integer> into) {
    try {
      if (Files.isRegularFile(file)) {
        parse(Files.readString(file), into);
      }
    } catch (IOException ignored) {
      // an unreadable file adds no names
    }
  }
}
