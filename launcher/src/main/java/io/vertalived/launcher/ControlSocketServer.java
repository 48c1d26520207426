package io.vertalived.launcher;

import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The server side of {@link ControlSocket}: accepts on its own thread (never an event loop), one
 * thread per connection (at most {@link #CONCURRENT}), answers with what {@link Handler} computes.
 * The socket is made in a private directory, given mode 0660 (and the operator's group), then
 * moved into place, so it is never usable by others, not even for an instant. A socket left by a
 * process that ended is replaced; one that a running process answers on is left alone.
 */
final class ControlSocketServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger("io.vertalived.launcher");
  /** Requests served at once; more wait for their turn. */
  static final int CONCURRENT = 4;
  /** The longest a request may take (a handover: Master_Down_Interval at 1 s adverts, with margin). */
  static final long REQUEST_TIMEOUT_MS = 70_000;

  /** Computes the answer to a request (called on a connection's thread). */
  interface Handler {
    Future<ControlSocket.Reply> handle(String command, String instance);
  }

  private final Path path;
  private final ServerSocketChannel server;
  private final Handler handler;
  private final Semaphore slots = new Semaphore(CONCURRENT);
  private volatile boolean closed;
  /** Our socket file's identity: at close, a file another process has put there since is left alone. */
  private final Object fileKey;

  private ControlSocketServer(Path path, ServerSocketChannel server, Handler handler, Object fileKey) {
    this.path = path;
    this.server = server;
    this.handler = handler;
    this.fileKey = fileKey;
  }

  /**
   * Listens on {@code path} (its directory made 0755 when missing); {@code group}: the group that may
   * use it besides root, or null for the process's. Throws with the reason when it cannot.
   */
  static ControlSocketServer open(Path path, String group, Handler handler) throws IOException {
    Path dir = path.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    }
    if (Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      int mode = (Integer) Files.getAttribute(path, "unix:mode", java.nio.file.LinkOption.NOFOLLOW_LINKS);
      if ((mode & 0170000) != 0140000) {
        throw new IOException(path + " exists and is not a socket (left as it is)");
      }
      if (answers(path)) {
        throw new IOException("another running process answers on " + path);
      }
      Files.delete(path); // left by a process that ended
    }
    Path bindDir = Files.createTempDirectory(dir, ".bind-",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path temp = bindDir.resolve("s");
    ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      ch.bind(UnixDomainSocketAddress.of(temp));
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-rw----"));
      if (group != null) {
        GroupPrincipal g = temp.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(group);
        Files.getFileAttributeView(temp, java.nio.file.attribute.PosixFileAttributeView.class).setGroup(g);
      }
      Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      ch.close();
      Files.deleteIfExists(temp);
      throw e;
    } finally {
      Files.deleteIfExists(bindDir);
    }
    ControlSocketServer s = new ControlSocketServer(path, ch, handler,
        Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class,
            java.nio.file.LinkOption.NOFOLLOW_LINKS).fileKey());
    Thread t = new Thread(s::acceptLoop, "vertalived-control");
    t.setDaemon(true);
    t.start();
    return s;
  }

  private static boolean answers(Path path) {
    try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      c.connect(UnixDomainSocketAddress.of(path));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  Path path() {
    return path;
  }

  private void acceptLoop() {
    while (!closed) {
      SocketChannel c;
      try {
        c = server.accept();
      } catch (IOException e) {
        if (!closed) {
          LOG.warning("control socket " + path + ": " + e.getMessage() + " - local control stops");
        }
        return;
      }
      try {
        slots.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close(c);
        return;
      }
      Thread t = new Thread(() -> {
        try {
          serve(c);
        } finally {
          slots.release();
          close(c);
        }
      }, "vertalived-control-request");
      t.setDaemon(true);
      t.start();
    }
  }

  /** The longest a client may take to send its request line. */
  static final long REQUEST_LINE_TIMEOUT_MS = 10_000;

  private void serve(SocketChannel c) {
    ControlSocket.Reply reply;
    java.util.concurrent.Future<?> deadline = ControlSocket.closeAfter(c, REQUEST_LINE_TIMEOUT_MS);
    String line;
    try {
      line = ControlSocket.readLine(c);
    } catch (java.nio.channels.AsynchronousCloseException e) {
      return; // no request line in time: the connection is closed, the slot freed
    } catch (IOException e) {
      reply = ControlSocket.Reply.failed("bad control request: " + e.getMessage());
      deadline.cancel(false);
      write(c, reply);
      return;
    }
    deadline.cancel(false);
    reply = answer(line);
    write(c, reply);
  }

  private static void write(SocketChannel c, ControlSocket.Reply reply) {
    try {
      c.write(ByteBuffer.wrap((reply.json().encode() + "\n").getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      LOG.fine(() -> "control socket: the client left before its answer: " + e.getMessage());
    }
  }

  private ControlSocket.Reply answer(String line) {
    if (line == null) {
      return ControlSocket.Reply.failed("bad control request: empty");
    }
    String command;
    String instance;
    try {
      JsonObject r = new JsonObject(line);
      command = r.getString("command");
      instance = r.getString("instance");
    } catch (DecodeException | ClassCastException e) {
      return ControlSocket.Reply.failed("bad control request: not a JSON object with a string 'command'");
    }
    if (command == null || !CliOptions.CONTROL_COMMANDS.contains(command)) {
      return ControlSocket.Reply.failed("bad control request: 'command' must be one of "
          + String.join(", ", CliOptions.CONTROL_COMMANDS));
    }
    try {
      return handler.handle(command, instance).await(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      return ControlSocket.Reply.failed(command + ": no answer within " + REQUEST_TIMEOUT_MS / 1000 + " s");
    } catch (Exception e) {
      Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
      return ControlSocket.Reply.failed(command + (instance == null ? "" : " " + instance) + ": " + cause.getMessage());
    }
  }

  private static void close(SocketChannel c) {
    try {
      c.close();
    } catch (IOException e) {
      // closing a finished connection
    }
  }

  /** Stops listening and removes the socket. */
  @Override
  public void close() {
    closed = true;
    try {
      server.close();
      Object now = Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class,
          java.nio.file.LinkOption.NOFOLLOW_LINKS).fileKey();
      if (fileKey == null || fileKey.equals(now)) {
        Files.deleteIfExists(path);
      }
    } catch (java.nio.file.NoSuchFileException e) {
      // removed already
    } catch (IOException e) {
      LOG.fine(() -> "control socket " + path + ": " + e.getMessage());
    }
  }
}
