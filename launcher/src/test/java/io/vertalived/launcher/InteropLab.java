package io.vertalived.launcher;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The namespaces of an interop test with Debian's keepalived as peer ({@link Netns}), and the
 * processes it starts in them: ended, with their children, and the namespaces removed when the
 * test is done. Opening it skips the test with a one-line reason when not root or when
 * keepalived is not installed.
 */
final class InteropLab implements AutoCloseable {
  final Netns net;
  private final List<Process> started = new ArrayList<>();

  private InteropLab(Netns net) {
    this.net = net;
  }

  static InteropLab open(String prefix) throws Exception {
    assumeTrue(ProcessResult.run(null, List.of("id", "-u")).output().strip().equals("0"),
        "skipped: needs root to create network namespaces");
    assumeTrue(Files.isExecutable(Path.of("/usr/sbin/keepalived")), "skipped: keepalived is not installed");
    return new InteropLab(new Netns(prefix));
  }

  /** Starts {@code cmd}, its output (stdout and stderr) to {@code log}; ended at {@link #close}. */
  Process start(List<String> cmd, Path log) throws java.io.IOException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    started.add(p);
    return p;
  }

  /** A process started elsewhere that must be ended with the lab. */
  Process track(Process p) {
    started.add(p);
    return p;
  }

  List<Process> processes() {
    return List.copyOf(started);
  }

  /** The {@code vertalived} script of the build under test. */
  static String launcher() throws java.io.IOException {
    return Path.of(System.getProperty("vertalived.home", "..")).toRealPath().resolve("vertalived").toString();
  }

  @Override
  public void close() throws InterruptedException {
    for (Process p : started) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
    net.close();
  }
}
