package io.vertalived.core.config.parse;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects configuration problems in the order found. The same problem reported twice (by the
 * VRRP and the checker pass, as keepalived's processes do) is kept once.
 */
public final class Diagnostics {
  private final Set<Diagnostic> seen = new LinkedHashSet<>();
  private SourceLocation current;
  private boolean aborted;

  /** The location that {@link #error(ConfigErrorCategory, String)} reports against. */
  /** keepalived's reading ended at a missing parameter ({@link ConfigAborted}): {@code -t} exits 2. */
  public void abort() {
    aborted = true;
  }

  public boolean aborted() {
    return aborted;
  }

  public void at(SourceLocation location) {
    this.current = location;
  }

  public SourceLocation current() {
    return current;
  }

  public void error(ConfigErrorCategory category, String message) {
    seen.add(new Diagnostic(category, current, message));
  }

  public void error(String message) {
    error(ConfigErrorCategory.GENERAL_ERROR, message);
  }

  /** A post-parse problem: printed without a line prefix. */
  public void unlocated(ConfigErrorCategory category, String message) {
    seen.add(new Diagnostic(category, null, message));
  }

  public List<Diagnostic> all() {
    return Collections.unmodifiableList(new ArrayList<>(seen));
  }

  /**
   * The problems in reading order: located ones by file (in the order the files were read)
   * and line, then the post-parse ones in the order found.
   */
  public List<Diagnostic> inReadingOrder(List<String> files) {
    List<Diagnostic> located = new ArrayList<>();
    List<Diagnostic> unlocated = new ArrayList<>();
    for (Diagnostic d : seen) {
      (d.location() == null ? unlocated : located).add(d);
    }
    located.sort(java.util.Comparator
        .comparingInt((Diagnostic d) -> {
          int i = files.indexOf(d.location().file());
          return i < 0 ? Integer.MAX_VALUE : i;
        })
        .thenComparingInt(d -> d.location().line()));
    located.addAll(unlocated);
    return Collections.unmodifiableList(located);
  }

  public boolean isEmpty() {
    return seen.isEmpty();
  }

  /** The {@code -t} exit status: 0 when clean, else that of the highest category (keepalived(8) -t, Exit status). */
  public int exitCode() {
    if (aborted) {
      // KEEPALIVED_EXIT_CONFIG, as null_strvec() exits
      return 2;
    }
    ConfigErrorCategory highest = null;
    for (Diagnostic d : seen) {
      if (d.category() == ConfigErrorCategory.NOTICE) {
        continue;
      }
      if (highest == null || d.category().compareTo(highest) > 0) {
        highest = d.category();
      }
    }
    return highest == null ? 0 : highest.exitCode();
  }
}
