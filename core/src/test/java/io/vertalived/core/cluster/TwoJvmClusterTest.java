package io.vertalived.core.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two real JVMs on loopback join one Hazelcast cluster through {@link ClusterBootstrap} and
 * exchange a request/reply with a record body over the clustered event bus.
 */
class TwoJvmClusterTest {
  @Test
  void requestCrossesTheClusteredBusBetweenTwoJvms() throws Exception {
    String name = "vtl-test-" + ProcessHandle.current().pid();
    int port = 16100 + (int) (ProcessHandle.current().pid() % 500) * 4;
    Process responder = start("responder", name, port);
    Process requester = null;
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(responder.getInputStream(), StandardCharsets.UTF_8));
      String line;
      List<String> seen = new ArrayList<>();
      while ((line = out.readLine()) != null && !line.equals("READY")) {
        seen.add(line);
      }
      assertEquals("READY", line, "responder output: " + seen);
      requester = start("requester", name, port);
      String reply = new String(requester.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(requester.waitFor(120, TimeUnit.SECONDS), "requester did not finish");
      assertEquals(0, requester.exitValue(), reply);
      assertTrue(reply.lines().anyMatch("PONG responder-node"::equals), reply);
    } finally {
      responder.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      if (requester != null) {
        requester.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  private static Process start(String role, String cluster, int port) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(List.of("--add-modules", "java.se", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
        "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "-Xmx256m", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"), ClusterNodeMain.class.getName(),
        role, cluster, Integer.toString(role.equals("responder") ? port : port + 1)));
    return new ProcessBuilder(cmd).redirectErrorStream(true).start();
  }
}
