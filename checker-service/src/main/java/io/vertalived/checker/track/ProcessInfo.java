package io.vertalived.checker.track;

import java.util.List;

/** One process as /proc shows it: {@code comm}, the command line's words, whether a zombie. */
record ProcessInfo(String comm, List<String> argv, boolean zombie) {
  ProcessInfo {
    argv = List.copyOf(argv);
  }
}
