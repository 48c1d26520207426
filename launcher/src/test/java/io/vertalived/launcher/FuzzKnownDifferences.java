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
    if (keepalived.exitCode() == 137 || keepalived.exitCode() == 124) {
      // keepalived never ended (killed after 20 s): a definition that names itself, expanded for ever
      return "keepalived did not finish";
    }
    if (keepalived.exitCode() >= 128) {
      // keepalived died of a signal (it reads freed or unset memory after some refused blocks)
      return "keepalived crashed";
    }
    if (ours.output().contains("does not exist - ignoring virtual server")
        && !keepalived.output().contains("does not exist - ignoring virtual server")) {
      // a virtual_server group naming no virtual_server_group: keepalived 2.2.7 says nothing and
      // balances nothing; we say so (docs/compatibility.md)
      return "virtual_server group without its virtual_server_group";
    }
    if (file.stream().anyMatch(l -> l.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 1023)) {
      // keepalived reads the rest of a line over its 1024-byte buffer as another line, and numbers
      // the lines after it one too high; we refuse the line (docs/compatibility.md)
      return "a line over 1023 bytes";
    }
    return null;
  }
}
