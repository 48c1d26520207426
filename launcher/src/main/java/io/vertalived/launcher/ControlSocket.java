package io.vertalived.launcher;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The local control channel of a running node (no cluster needed): a Unix domain socket,
 * {@code /run/vertalived/NODE.sock} unless {@code --control-socket} names another, that only root
 * and the socket's group may use (mode 0660). One request per connection, one JSON object per
 * line each way: {@code {"command": "status", "instance": "VI_1"}} asks,
 * {@code {"exit": 0, "out": "...", "err": "..."}} answers. This is its path and its client; the
 * server is {@link ControlSocketServer}.
 */
final class ControlSocket {
  /** Where the sockets live by default. */
  static final Path DIRECTORY = Path.of("/run/vertalived");
  /** The longest request or answer line. */
  static final int MAX_LINE = 1 << 20;

  /** The longest a client waits for its answer (a handover's reply time, with margin). */
  static final long ANSWER_TIMEOUT_MS = ControlSocketServer.REQUEST_TIMEOUT_MS + 5_000;
  /** Closes connections that took too long (a blocking channel has no read timeout of its own). */
  private static final java.util.concurrent.ScheduledExecutorService DEADLINES =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vertalived-control-deadlines");
        t.setDaemon(true);
        return t;
      });

  private ControlSocket() {}

  /** Closes {@code ch} after {@code millis} unless the returned handle is cancelled first. */
  static java.util.concurrent.Future<?> closeAfter(SocketChannel ch, long millis) {
    return DEADLINES.schedule(() -> {
      try {
        ch.close();
      } catch (IOException e) {
        // closing on a deadline is best effort
      }
    }, millis, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /** The answer to one request; {@code exit} is the command's exit status. */
  record Reply(int exit, String out, String err) {
    static Reply ok(String out) {
      return new Reply(0, out, "");
    }

    static Reply failed(String err) {
      return new Reply(1, "", err);
    }

    JsonObject json() {
      return new JsonObject().put("exit", exit).put("out", out).put("err", err);
    }
  }

  /** The node's socket: {@code given} when set, else the default path for {@code node}. */
  static Path path(String given, String node) {
    return given != null ? Path.of(given) : DIRECTORY.resolve(node.replaceAll("[^A-Za-z0-9_.-]", "_") + ".sock");
  }

  /** Sends one request and reads its answer; the IOException says what went wrong in the operator's words. */
  static Reply ask(Path socket, String node, String command, String instance) throws IOException {
    SocketChannel ch;
    try {
      ch = SocketChannel.open(StandardProtocolFamily.UNIX);
    } catch (UnsupportedOperationException e) {
      throw new IOException("this JVM has no Unix domain sockets");
    }
    try (ch) {
      try {
        ch.connect(UnixDomainSocketAddress.of(socket));
      } catch (IOException e) {
        throw new IOException(connectFailure(socket, node, e));
      }
      JsonObject request = new JsonObject().put("command", command).put("instance", instance);
      java.util.concurrent.Future<?> deadline = closeAfter(ch, ANSWER_TIMEOUT_MS);
      String line;
      try {
        ch.write(ByteBuffer.wrap((request.encode() + "\n").getBytes(StandardCharsets.UTF_8)));
        line = readLine(ch);
      } catch (java.nio.channels.AsynchronousCloseException e) {
        throw new IOException("node '" + node + "' did not answer within " + ANSWER_TIMEOUT_MS / 1000 + " s");
      } finally {
        deadline.cancel(false);
      }
      if (line == null) {
        throw new IOException("node '" + node + "' closed its control socket " + socket + " without an answer");
      }
      try {
        JsonObject a = new JsonObject(line);
        return new Reply(a.getInteger("exit", 1), a.getString("out", ""), a.getString("err", ""));
      } catch (DecodeException | ClassCastException e) {
        throw new IOException("node '" + node + "' answered something that is not a control reply");
      }
    }
  }

  private static String connectFailure(Path socket, String node, IOException e) {
    String m = String.valueOf(e.getMessage());
    if (!java.nio.file.Files.exists(socket)) {
      return "no vertalived node '" + node + "' runs on this host (no control socket " + socket
          + "); for a node elsewhere in a cluster add --cluster";
    }
    if (m.contains("Permission denied") || e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied on " + socket + ": only root and the socket's group may control node '" + node + "'";
    }
    if (m.contains("Connection refused")) {
      return "node '" + node + "' is not running (" + socket + " is left from an earlier run)";
    }
    return "cannot reach node '" + node + "' on " + socket + ": " + m;
  }

  /** One line (without its newline), or null at end of stream; longer than {@link #MAX_LINE}: an IOException. */
  static String readLine(SocketChannel ch) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    ByteBuffer buf = ByteBuffer.allocate(4096);
    while (true) {
      buf.clear();
      int n = ch.read(buf);
      if (n < 0) {
        return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
      }
      for (int i = 0; i < n; i++) {
        byte b = buf.get(i);
        if (b == '\n') {
          return line.toString(StandardCharsets.UTF_8);
        }
        line.write(b);
      }
      if (line.size() > MAX_LINE) {
        throw new IOException("line longer than " + MAX_LINE + " bytes");
      }
    }
  }
}
