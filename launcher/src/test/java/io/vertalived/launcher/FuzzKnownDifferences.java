package io.vertalived.launcher;

import java.util.List;

/**
 * The documented classes of disagreement between keepalived 2.2.7's {@code -t} and ours that
 * differential fuzzing meets (docs/compatibility.md, "Known differences found by fuzzing"): each
 * recognises its class from the file and what both sides said, and names it.
 */
final class FuzzKnownDifferences {
  private FuzzKnownDifferences() {}

  /** The class that explains this disagreement, or null. */
  static String classify(List<String> file, KeepalivedFuzzIT.Verdict keepalived, KeepalivedFuzzIT.Verdict ours) {
    return null;
  }
}
