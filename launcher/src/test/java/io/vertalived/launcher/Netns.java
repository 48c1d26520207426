package io.vertalived.launcher;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Test hosts in network namespaces this test creates and removes: two routers joined by a veth
 * pair, each with eth0 in 198.18.0.0/24. Only addresses of these namespaces are ever used.
 */
final class Netns implements AutoCloseable {
  final String a;
  final String b;
  private final List<String> created = new ArrayList<>();

  Netns(String prefix) throws Exception {
    long pid = ProcessHandle.current().pid();
    a = prefix + "A" + pid;
    b = prefix + "B" + pid;
    for (String ns : List.of(a, b)) {
      run("ip", "netns", "add", ns);
      created.add(ns);
    }
    run("ip", "link", "add", "vt" + pid + "a", "netns", a, "type", "veth", "peer", "name", "vt" + pid + "b", "netns", b);
    run("ip", "-n", a, "link", "set", "vt" + pid + "a", "name", "eth0");
    run("ip", "-n", b, "link", "set", "vt" + pid + "b", "name", "eth0");
    run("ip", "-n", a, "addr", "add", "198.18.0.1/24", "dev", "eth0");
    run("ip", "-n", b, "addr", "add", "198.18.0.2/24", "dev", "eth0");
    for (String ns : List.of(a, b)) {
      run("ip", "-n", ns, "link", "set", "lo", "up");
      run("ip", "-n", ns, "link", "set", "eth0", "up");
    }
  }

  static void run(String... cmd) throws IOException, InterruptedException {
    ProcessResult r = ProcessResult.run(null, List.of(cmd));
    if (r.exitCode() != 0) {
      throw new IOException(String.join(" ", cmd) + ": " + r.output().strip());
    }
  }

  boolean hasAddress(String ns, String ip) {
    try {
      return ProcessResult.run(null, List.of("ip", "-n", ns, "-br", "addr", "show", "dev", "eth0"))
          .output().contains(" " + ip + "/");
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** Polls a condition every 10 ms until it holds or the deadline passes; returns the wait in ms. */
  static long await(String what, long timeoutMs, BooleanSupplier condition) throws InterruptedException {
    return await(() -> what, timeoutMs, condition);
  }

  /** As above; {@code what} is computed only on failure (so it can show the logs of then). */
  static long await(java.util.function.Supplier<String> what, long timeoutMs, BooleanSupplier condition)
      throws InterruptedException {
    long start = System.nanoTime();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - start > timeoutMs * 1_000_000) {
        throw new AssertionError("timed out after " + timeoutMs + " ms waiting for " + what.get());
      }
      Thread.sleep(10);
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  @Override
  public void close() {
    for (String ns : created) {
      try {
        ProcessResult.run(null, List.of("ip", "netns", "del", ns));
      } catch (IOException | InterruptedException e) {
        // best effort: the namespace may already be gone
      }
    }
  }
}
