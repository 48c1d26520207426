package io.vertalived.checker.track;

import io.vertalived.core.config.model.TrackProcess;
import java.util.List;

/**
 * Whether a process counts for a {@code vrrp_track_process} (keepalived.conf(5) VRRP track processes), as keepalived matches:
 * the name is compared exactly with {@code comm} (or, with {@code full_command}, with the
 * command line's first word); when parameters are configured, the process's other words are
 * compared too: {@code exact} all of them, {@code partial} the configured ones are its first
 * words (more may follow), {@code initial} the same but the last configured one need only be the
 * start of the word. Zombies never count.
 */
final class ProcessMatcher {
  private ProcessMatcher() {}

  static boolean matches(TrackProcess t, ProcessInfo p) {
    if (p.zombie()) {
      return false;
    }
    String name = t.fullCommand() ? (p.argv().isEmpty() ? "" : p.argv().get(0)) : p.comm();
    if (!t.process().equals(name)) {
      return false;
    }
    List<String> want = t.parameters();
    if (want.isEmpty()) {
      return true;
    }
    List<String> have = p.argv().size() > 1 ? p.argv().subList(1, p.argv().size()) : List.of();
    if (have.size() < want.size()) {
      return false;
    }
    return switch (t.paramMatch()) {
      case "partial" -> have.subList(0, want.size()).equals(want);
      case "initial" -> have.subList(0, want.size() - 1).equals(want.subList(0, want.size() - 1))
          && have.get(want.size() - 1).startsWith(want.get(want.size() - 1));
      default -> have.equals(want);
    };
  }
}
