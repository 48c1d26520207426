package io.vertalived.launcher;

import io.vertalived.core.net.LibC;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Faults in the pages of a lone node's class-data archive with one call per mapping (madvise(2):
 * MADV_POPULATE_WRITE for the read-write region, MADV_POPULATE_READ for the read-only one) instead
 * of one page fault per page as classes are loaded. A lone node touches nearly every page of the
 * archive while it starts (~2,000 copy-on-write pages of the read-write region alone), and a page
 * fault is dear on a virtual machine: ~40 ms of a start on the 2-vCPU machine of
 * docs/benchmarks.md, for no more memory (the pages were touched anyway). Only for the archive the
 * script names ({@code -Dvertalived.cds.archive}) and only where it is mapped; a kernel before
 * 5.14 refuses the advice, a JVM without JNA's native part cannot ask: the start goes on as before.
 */
final class ArchivePages {
  static final String PROPERTY = "vertalived.cds.archive";

  /** A mapping of the archive: its range and whether it is writable (copy-on-write). */
  record Region(long start, long end, boolean writable) {}

  /** What {@link #populate} did, for the start's debug line. */
  private static volatile String outcome = "not asked";

  private ArchivePages() {}

  /** Populates the mappings of the archive the property names, if any; returns how many. */
  static int populate() {
    String archive = System.getProperty(PROPERTY);
    if (archive == null || archive.isEmpty()) {
      return 0;
    }
    try {
      return populate(regions(Files.readAllLines(Path.of("/proc/self/maps")), archive), archive);
    } catch (IOException | RuntimeException | LinkageError e) {
      outcome = "not populated: " + e;
      return 0;
    }
  }

  static int populate(List<Region> regions, String archive) {
    int done = 0;
    String refused = "";
    for (Region r : regions) {
      int advice = r.writable() ? LibC.MADV_POPULATE_WRITE : LibC.MADV_POPULATE_READ;
      if (LibC.madvise(r.start(), r.end() - r.start(), advice) == 0) {
        done++;
      } else {
        refused = ", refused: " + LibC.lastError();
      }
    }
    outcome = done + " of " + regions.size() + " mappings of " + archive + " populated" + refused;
    return done;
  }

  /** What the start did with the archive's pages (a debug line). */
  static String outcome() {
    return outcome;
  }

  /** The readable mappings of {@code path} among /proc/PID/maps lines (proc(5)). */
  static List<Region> regions(List<String> maps, String path) {
    List<Region> out = new ArrayList<>();
    for (String line : maps) {
      if (!line.endsWith(path)) {
        continue;
      }
      String[] f = line.trim().split("\\s+", 6);
      if (f.length < 6 || !f[5].equals(path) || f[1].length() < 2 || f[1].charAt(0) != 'r') {
        continue;
      }
      int dash = f[0].indexOf('-');
      if (dash < 0) {
        continue;
      }
      out.add(new Region(Long.parseUnsignedLong(f[0], 0, dash, 16),
          Long.parseUnsignedLong(f[0], dash + 1, f[0].length(), 16), f[1].charAt(1) == 'w'));
    }
    return out;
  }
}
