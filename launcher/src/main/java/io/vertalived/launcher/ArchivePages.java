package io.vertalived.launcher;

import com.sun.jna.Function;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import io.vertalived.core.net.JnaLibraryPath;
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
 * script names ({@code -Dvertalived.cds.archive}, its links resolved as the kernel names the file)
 * and only where it is mapped; a kernel before 5.14 refuses the advice, a JVM without JNA's native
 * part cannot ask: the start goes on as before.
 */
final class ArchivePages {
  static final String PROPERTY = "vertalived.cds.archive";
  /** madvise(2) advice (Linux 5.14): fault the range in now, readable / writable. */
  static final int MADV_POPULATE_READ = 22;
  static final int MADV_POPULATE_WRITE = 23;

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
      String mapped = Path.of(archive).toRealPath().toString();
      return populate(regions(Files.readString(Path.of("/proc/self/maps")), mapped), mapped);
    } catch (IOException | RuntimeException | Error e) { // nothing of this may end a start
      outcome = "not populated: " + e;
      return 0;
    }
  }

  static int populate(List<Region> regions, String archive) {
    if (regions.isEmpty()) {
      outcome = "0 of 0 mappings of " + archive + " populated";
      return 0;
    }
    // called through the process's own symbols and JNA's generic call (not LibC's direct mapping, whose
    // registration makes JNA describe its native types first: ~11 ms more before the start's first step)
    JnaLibraryPath.set();
    Function madvise = NativeLibrary.getProcess().getFunction("madvise");
    int done = 0;
    String refused = "";
    List<Integer> advice = advice(regions);
    for (int i = 0; i < regions.size(); i++) {
      Region r = regions.get(i);
      if (madvise.invokeInt(new Object[] {new Pointer(r.start()), r.end() - r.start(), advice.get(i)}) == 0) {
        done++;
      } else {
        refused = ", refused: errno " + Native.getLastError();
      }
    }
    outcome = done + " of " + regions.size() + " mappings of " + archive + " populated" + refused;
    return done;
  }

  /**
   * The advice for each region: the JVM maps the archive's read-write region writable and the rest
   * read-only, and only the first is faulted in for writing. When more is writable (the JVM maps it
   * all so when a JVMTI agent may redefine classes), faulting those in for writing would copy pages
   * that are only read: then every region is faulted in for reading.
   */
  static List<Integer> advice(List<Region> regions) {
    int writable = 0;
    for (Region r : regions) {
      writable += r.writable() ? 1 : 0;
    }
    List<Integer> out = new ArrayList<>();
    for (Region r : regions) {
      out.add(writable == 1 && r.writable() ? MADV_POPULATE_WRITE : MADV_POPULATE_READ);
    }
    return out;
  }

  /** What the start did with the archive's pages (a debug line). */
  static String outcome() {
    return outcome;
  }

  /** The readable mappings of {@code path} in the text of /proc/PID/maps (proc(5)). */
  static List<Region> regions(String maps, String path) {
    List<Region> out = new ArrayList<>();
    String tail = " " + path;
    int from = 0;
    while (from < maps.length()) {
      int end = maps.indexOf('\n', from);
      if (end < 0) {
        end = maps.length();
      }
      String line = maps.substring(from, end);
      from = end + 1;
      // "start-end perms offset dev inode   path": the path field is all after the inode's padding
      int dash = line.indexOf('-');
      int space = line.indexOf(' ');
      if (!line.endsWith(tail) || dash < 0 || space < dash || line.length() < space + 3 || line.charAt(space + 1) != 'r') {
        continue;
      }
      try {
        out.add(new Region(Long.parseUnsignedLong(line, 0, dash, 16), Long.parseUnsignedLong(line, dash + 1, space, 16),
            line.charAt(space + 2) == 'w'));
      } catch (NumberFormatException e) {
        // not a mapping line
      }
    }
    return out;
  }
}
