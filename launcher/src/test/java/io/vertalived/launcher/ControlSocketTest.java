package io.vertalived.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local control socket's protocol, permissions and failures, with a handler of the test's. */
class ControlSocketTest {
  @TempDir
  Path dir;

  private final List<String> asked = new ArrayList<>();

  private ControlSocketServer.Handler handler() {
    return (command, instance) -> {
      asked.add(command + " " + instance);
      if (command.equals("handover")) {
        return Future.failedFuture("no VRRP instance 'VI_9' on node n1");
      }
      return Future.succeededFuture(ControlSocket.Reply.ok("{\"status\": []}"));
    };
  }

  @Test
  void aCommandIsAnsweredAndTheSocketIsForRootAndItsGroupOnly() throws Exception {
    Path sock = dir.resolve("run/n1.sock");
    try (ControlSocketServer s = ControlSocketServer.open(sock, null, handler())) {
      assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock)));
      ControlSocket.Reply r = ControlSocket.ask(sock, "n1", "status", "VI_1");
      assertEquals(new ControlSocket.Reply(0, "{\"status\": []}", ""), r);
      assertEquals(List.of("status VI_1"), asked);
      ControlSocket.Reply failed = ControlSocket.ask(sock, "n1", "handover", "VI_9");
      assertEquals(new ControlSocket.Reply(1, "", "handover VI_9: no VRRP instance 'VI_9' on node n1"), failed);
    }
    assertTrue(!Files.exists(sock), "removed at close");
  }

  @Test
  void badRequestsGetAClearAnswerAndNothingIsAsked() throws Exception {
    Path sock = dir.resolve("n1.sock");
    try (ControlSocketServer s = ControlSocketServer.open(sock, null, handler())) {
      assertEquals("{\"exit\":1,\"out\":\"\",\"err\":\"bad control request: not a JSON object with a string 'command'\"}",
          raw(sock, "status please\n"));
      assertEquals("{\"exit\":1,\"out\":\"\",\"err\":\"bad control request: 'command' must be one of handover, "
          + "resume-preempt, status, reload\"}", raw(sock, "{\"command\": \"shutdown\"}\n"));
      assertEquals("{\"exit\":1,\"out\":\"\",\"err\":\"bad control request: empty\"}", raw(sock, ""));
      assertEquals(List.of(), asked);
    }
  }

  @Test
  void aSocketLeftByAnEndedProcessIsReplacedAndALiveOneIsLeftAlone() throws Exception {
    Path sock = dir.resolve("n1.sock");
    ServerSocketChannel left = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    left.bind(UnixDomainSocketAddress.of(sock));
    left.close(); // the file stays, nobody listens: a crashed node's
    IOException notRunning = assertThrows(IOException.class, () -> ControlSocket.ask(sock, "n1", "status", null));
    assertEquals("node 'n1' is not running (" + sock + " is left from an earlier run)", notRunning.getMessage());
    try (ControlSocketServer s = ControlSocketServer.open(sock, null, handler())) {
      assertEquals(0, ControlSocket.ask(sock, "n1", "status", null).exit());
      IOException taken = assertThrows(IOException.class, () -> ControlSocketServer.open(sock, null, handler()));
      assertEquals("another running process answers on " + sock, taken.getMessage());
      assertEquals(0, ControlSocket.ask(sock, "n1", "status", null).exit(), "the first one still answers");
    }
  }

  @Test
  void noSocketMeansNoNodeHere() {
    Path sock = dir.resolve("n2.sock");
    IOException e = assertThrows(IOException.class, () -> ControlSocket.ask(sock, "n2", "status", null));
    assertEquals("no vertalived node 'n2' runs on this host (no control socket " + sock
        + "); for a node elsewhere in a cluster add --cluster", e.getMessage());
  }

  @Test
  void theDefaultPathIsTheNodesNameUnderRun() {
    assertEquals(Path.of("/run/vertalived/lb-1.example.sock"), ControlSocket.path(null, "lb-1.example"));
    assertEquals(Path.of("/run/vertalived/a_b.sock"), ControlSocket.path(null, "a/b"));
    assertEquals(Path.of("/tmp/x.sock"), ControlSocket.path("/tmp/x.sock", "n1"));
  }

  /** Sends {@code text} as is and returns the answer's line. */
  private static String raw(Path sock, String text) throws IOException {
    try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      c.connect(UnixDomainSocketAddress.of(sock));
      c.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
      c.shutdownOutput();
      return ControlSocket.readLine(c);
    }
  }
}
