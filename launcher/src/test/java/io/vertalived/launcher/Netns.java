package io.vertalived.launcher;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Test hosts in network namespaces this test creates and removes: routers A (198.18.0.1) and B
 * (198.18.0.2) and a client C (198.18.0.3), each with eth0 on one bridge, which lives in a
 * fourth namespace (the switch). Only addresses of these namespaces are ever used.
 */
final class Netns implements AutoCloseable {
  final String a;
  final String b;
  final String client;
  private final List<String> created = new ArrayList<>();

  Netns(String prefix) throws Exception {
    long pid = ProcessHandle.current().pid();
    a = prefix + "A" + pid;
    b = prefix + "B" + pid;
    client = prefix + "C" + pid;
    String sw = prefix + "S" + pid;
    for (String ns : List.of(sw, a, b, client)) {
      run("ip", "netns", "add", ns);
      created.add(ns);
    }
    run("ip", "-n", sw, "link", "add", "br0", "type", "bridge");
    run("ip", "-n", sw, "link", "set", "br0", "up");
    String[] hosts = {a, b, client};
    for (int i = 0; i < hosts.length; i++) {
      String port = "p" + i;
      run("ip", "-n", sw, "link", "add", port, "type", "veth", "peer", "name", "h" + i, "netns", hosts[i]);
      run("ip", "-n", sw, "link", "set", port, "master", "br0");
      run("ip", "-n", sw, "link", "set", port, "up");
      run("ip", "-n", hosts[i], "link", "set", "h" + i, "name", "eth0");
      run("ip", "-n", hosts[i], "addr", "add", "198.18.0." + (i + 1) + "/24", "dev", "eth0");
      run("ip", "-n", hosts[i], "link", "set", "lo", "up");
      run("ip", "-n", hosts[i], "link", "set", "eth0", "up");
    }
  }

  /** The MAC address of {@code ns}'s eth0. */
  String mac(String ns) throws IOException, InterruptedException {
    return ProcessResult.run(null, List.of("ip", "-n", ns, "-br", "link", "show", "dev", "eth0"))
        .output().trim().split("\\s+")[2];
  }

  /**
   * The client pings {@code ip} once (ARP only if it has no entry: a stale entry is used as is,
   * so only a gratuitous ARP can have moved it) and answers the MAC it reached, or null.
   */
  String clientReaches(String ip) throws IOException, InterruptedException {
    ProcessResult ping = ProcessResult.run(null, List.of("ip", "netns", "exec", client, "ping", "-c", "1", "-W", "1", ip));
    if (ping.exitCode() != 0) {
      return null;
    }
    String neigh = ProcessResult.run(null, List.of("ip", "-n", client, "neigh", "show", ip)).output();
    int at = neigh.indexOf("lladdr ");
    return at < 0 ? null : neigh.substring(at + 7).split("\\s+")[0];
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
