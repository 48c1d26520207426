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
    String text = String.join("\n", file);
    if (keepalived.output().chars().anyMatch(c -> c > 0x7e && text.indexOf(c) < 0) && file.stream().anyMatch(l -> l.matches("\\s*\\$\\w+\\s*=.*\\\\\\s*"))) {
      // a multiline $VAR= definition that defines itself again: keepalived frees the value it is still
      // expanding and prints what the memory then holds (different on each run)
      return "keepalived read freed memory";
    }
    if (keepalived.output().contains("Unknown interface!") && !ours.output().contains("Unknown interface!")
        && file.stream().anyMatch(l -> l.strip().startsWith("unicast_peer"))
        && file.stream().noneMatch(l -> l.strip().startsWith("interface "))) {
      // keepalived 2.2.7 checks for an interface before it knows the instance is unicast (fixed in 2.2.8)
      return "unicast instance without interface";
    }
    for (int i = 0; i + 1 < file.size(); i++) {
      String next = file.get(i + 1).strip();
      if (file.get(i).stripTrailing().endsWith("\\") && (next.startsWith("#") || next.startsWith("!"))
          && keepalived.output().lines().filter(l -> l.startsWith("(Line ")).findAny().isPresent()) {
        // a comment line inside a multiline definition: keepalived's first reading (its messages without the
        // file's name) takes the next line into the definition, its later ones do not, as ours
        return "comment line in a multiline definition";
      }
    }
    return null;
  }
}
