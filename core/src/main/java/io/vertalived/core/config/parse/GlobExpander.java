package io.vertalived.core.config.parse;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * glob(3) with GLOB_BRACE, as keepalived's {@code include} uses it: csh brace expansion, then
 * {@code * ? [..]} per path component; relative patterns resolve against a base directory.
 * Results come sorted, as glob(3) returns them.
 */
final class GlobExpander {
  private GlobExpander() {}

  static List<Path> expand(String pattern, Path baseDir) {
    List<Path> result = new ArrayList<>();
    for (String alternative : expandBraces(pattern)) {
      result.addAll(expandOne(alternative, baseDir));
    }
    return result;
  }

  /** csh-style {@code {a,b}} expansion, nested braces allowed; unbalanced braces stay literal. */
  static List<String> expandBraces(String s) {
    int open = s.indexOf('{');
    if (open < 0) {
      return List.of(s);
    }
    int depth = 0;
    List<Integer> commas = new ArrayList<>();
    for (int i = open; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '{') {
        depth++;
      } else if (c == '}') {
        depth--;
        if (depth == 0) {
          List<String> out = new ArrayList<>();
          String prefix = s.substring(0, open);
          String suffix = s.substring(i + 1);
          int start = open + 1;
          commas.add(i);
          for (int comma : commas) {
            for (String tail : expandBraces(prefix + s.substring(start, comma) + suffix)) {
              out.add(tail);
            }
            start = comma + 1;
          }
          return out;
        }
      } else if (c == ',' && depth == 1) {
        commas.add(i);
      }
    }
    return List.of(s);
  }

  private static List<Path> expandOne(String pattern, Path baseDir) {
    Path start;
    String rest;
    if (pattern.startsWith("/")) {
      start = Path.of("/");
      rest = pattern.substring(1);
    } else {
      start = baseDir;
      rest = pattern;
    }
    List<Path> current = List.of(start);
    String[] parts = rest.split("/+");
    for (int p = 0; p < parts.length; p++) {
      String part = parts[p];
      if (part.isEmpty()) {
        continue;
      }
      List<Path> next = new ArrayList<>();
      for (Path dir : current) {
        try {
          if (!hasWildcard(part)) {
            Path candidate = dir.resolve(part);
            if (Files.exists(candidate)) {
              next.add(candidate);
            }
            continue;
          }
          if (!Files.isDirectory(dir)) {
            continue;
          }
          PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + part);
          TreeSet<Path> matches = new TreeSet<>();
          try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
              Path name = entry.getFileName();
              if (name.toString().startsWith(".") && !part.startsWith(".")) {
                continue;
              }
              if (matcher.matches(name)) {
                matches.add(entry);
              }
            }
          }
          next.addAll(matches);
        } catch (IOException | IllegalArgumentException e) {
          // unreadable directory or malformed pattern: no match, as glob(3) reports
        }
      }
      current = next;
    }
    return current;
  }

  private static boolean hasWildcard(String s) {
    return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
  }
}
