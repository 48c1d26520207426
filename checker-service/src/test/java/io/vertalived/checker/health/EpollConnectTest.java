package io.vertalived.checker.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.config.model.CheckerSettings;
import io.vertalived.core.config.model.IpAddress;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * TCP_CHECK on the event loop's own epoll (the checker's transport on Linux): connected, refused, timed out (a
 * listener whose accept queue is full drops the SYN), and from bindto/bind_port; the reasons are those of the
 * Netty channel it replaces.
 */
class EpollConnectTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private Vertx vertx;

  @BeforeEach
  void nativeTransport() {
    vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    assertTrue(vertx.isNativeTransportEnabled(), "Netty's epoll loads on Linux: " + vertx.unavailableNativeTransportCause());
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static CheckerSettings settings(double connectTimeout, IpAddress bindTo, int bindPort) {
    return new CheckerSettings(null, 0, bindTo, null, bindPort, 0, connectTimeout, 1, 1, 0, 1, false, false);
  }

  /** One probe made and run on an event-loop context, as a probe shard does. */
  private ProbeOutcome probe(CheckerSettings s, int port) throws Exception {
    return probe(vertx.getOrCreateContext(), s, port);
  }

  private ProbeOutcome probe(io.vertx.core.Context on, CheckerSettings s, int port) throws Exception {
    CompletableFuture<ProbeOutcome> out = new CompletableFuture<>();
    on.runOnContext(v -> {
      TcpProbe p = new TcpProbe(vertx, s, "127.0.0.1", port);
      if (!p.onEpoll()) {
        out.completeExceptionally(new AssertionError("the probe should run on the event loop's epoll"));
        return;
      }
      p.probe().onComplete(ar -> {
        if (ar.succeeded()) {
          out.complete(ar.result());
        } else {
          out.completeExceptionally(ar.cause());
        }
      });
    });
    return out.get(10, TimeUnit.SECONDS);
  }

  @Test
  void connectedRefusedAndTimedOut() throws Exception {
    try (ServerSocket listening = new ServerSocket(0, 50, LOOPBACK)) {
      ProbeOutcome up = probe(settings(1, null, 0), listening.getLocalPort());
      assertTrue(up.success(), up.reason());
      assertEquals("connected to 127.0.0.1:" + listening.getLocalPort(), up.reason());
    }
    int closed;
    try (ServerSocket gone = new ServerSocket(0, 1, LOOPBACK)) {
      closed = gone.getLocalPort();
    }
    ProbeOutcome refused = probe(settings(1, null, 0), closed);
    assertFalse(refused.success());
    assertEquals("TCP connection to 127.0.0.1:" + closed + " failed: Connection refused", refused.reason());

    List<Socket> queued = new ArrayList<>();
    try (ServerSocket full = new ServerSocket(0, 1, LOOPBACK)) {
      fillAcceptQueue(full, queued); // never accepted: a connect waits
      ProbeOutcome timedOut = probe(settings(0.3, null, 0), full.getLocalPort());
      assertFalse(timedOut.success());
      assertEquals("TCP connection to 127.0.0.1:" + full.getLocalPort() + " failed: connection timed out after 300 ms",
          timedOut.reason());
      assertTrue(timedOut.latencyMillis() >= 290, "after the connect timeout: " + timedOut.latencyMillis());
    } finally {
      for (Socket s : queued) {
        s.close();
      }
    }
  }

  /**
   * Checks one after another on one event loop, so each takes the socket the one before left (NestedEpoll): every
   * outcome is its own, whatever the one before ended in (connected and reset, refused, timed out in SYN_SENT).
   */
  @Test
  void aSocketReusedAfterAnyOutcomeGivesTheNextItsOwn() throws Exception {
    io.vertx.core.Context one = vertx.getOrCreateContext();
    int closed;
    try (ServerSocket gone = new ServerSocket(0, 1, LOOPBACK)) {
      closed = gone.getLocalPort();
    }
    List<Socket> queued = new ArrayList<>();
    try (ServerSocket listening = new ServerSocket(0, 50, LOOPBACK);
         ServerSocket full = new ServerSocket(0, 1, LOOPBACK)) {
      fillAcceptQueue(full, queued);
      int up = listening.getLocalPort();
      int silent = full.getLocalPort();
      int[] ports = {up, closed, up, silent, up, silent, closed, closed, up, up};
      for (int port : ports) {
        ProbeOutcome o = probe(one, settings(0.2, null, 0), port);
        if (port == up) {
          assertTrue(o.success(), port + ": " + o.reason());
        } else if (port == closed) {
          assertEquals("TCP connection to 127.0.0.1:" + closed + " failed: Connection refused", o.reason());
        } else {
          assertEquals("TCP connection to 127.0.0.1:" + silent + " failed: connection timed out after 200 ms",
              o.reason());
        }
      }
    } finally {
      for (Socket s : queued) {
        s.close();
      }
    }
  }

  /**
   * The handshake's last ACK is held back, so a check's connection is reset before the server's application could
   * accept it: on a new socket and on the same socket again after its dissolutions (an ACK sent would have put the
   * connection in the accept queue before the check could see it was made: loopback delivers in the sender's turn).
   */
  @Test
  void theServerNeverHasAConnectionToAccept() throws Exception {
    try (ServerSocketChannel listening = ServerSocketChannel.open()) {
      listening.bind(new InetSocketAddress(LOOPBACK, 0), 50);
      listening.configureBlocking(false);
      int port = ((InetSocketAddress) listening.getLocalAddress()).getPort();
      io.vertx.core.Context one = vertx.getOrCreateContext();
      for (int check = 1; check <= 3; check++) {
        ProbeOutcome up = probe(one, settings(1, null, 0), port);
        assertTrue(up.success(), up.reason());
        assertNull(listening.accept(), "check " + check + " completed the handshake");
      }
    }
  }

  /**
   * Where sequence numbers can be set (root), a socket given back serves the next connection, readied once so that its
   * next sequence number is one option ({@link InitialSequence#next} is refused on a socket not readied): no socket is
   * made per check.
   */
  @Test
  void aSocketGivenBackServesTheNextConnection() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(new com.sun.security.auth.module.UnixSystem().getUid() == 0,
        "skipped: reusing a probe socket needs CAP_NET_ADMIN (root)");
    io.vertx.core.Context one = vertx.getOrCreateContext();
    record Served(int firstFd, int secondFd, boolean keptOpen) {}
    CompletableFuture<Served> seen = new CompletableFuture<>();
    one.runOnContext(v -> {
      try {
        io.netty.channel.IoEventLoop loop =
            (io.netty.channel.IoEventLoop) ((io.vertx.core.internal.ContextInternal) one).nettyEventLoop();
        NestedEpoll nested = NestedEpoll.of(loop);
        EpollConnection connection = new EpollConnection(loop, 1000) {
          @Override void established() {}
          @Override void ready() {}
          @Override void timerFired() {}
          @Override void ended(Throwable failure) {}
        };
        io.netty.channel.epoll.LinuxSocket first = nested.socketFor(connection, false, null, false);
        int firstFd = first.intValue();
        InitialSequence.next(first); // readied when made
        nested.release(connection, first, false, false);
        io.netty.channel.epoll.LinuxSocket second = nested.socketFor(connection, false, null, false);
        InitialSequence.next(second); // still readied
        nested.release(connection, second, false, false);
        seen.complete(new Served(firstFd, second.intValue(), second.isOpen()));
      } catch (Exception | AssertionError e) {
        seen.completeExceptionally(e);
      }
    });
    Served got = seen.get(10, TimeUnit.SECONDS);
    assertTrue(got.keptOpen(), "the socket given back stays open, idle (a closed one would not be served again)");
    assertEquals(got.firstFd(), got.secondFd(), "the same descriptor serves again");
  }

  /**
   * Without CAP_NET_ADMIN (a checker not run as root, or with the capability taken away), a reused socket's next
   * sequence number cannot be made random: each connection has a new socket, closed when given back, and the checks
   * work as before. As root, the event loop's thread gives the capability up for the test (capabilities are per
   * thread) and takes it back after.
   */
  @Test
  void withoutCapNetAdminEachConnectionHasANewSocket() throws Exception {
    io.vertx.core.Context one = vertx.getOrCreateContext();
    CompletableFuture<Boolean> dropped = new CompletableFuture<>();
    one.runOnContext(v -> dropped.complete(ThreadCapability.drop(ThreadCapability.CAP_NET_ADMIN)));
    boolean restore = dropped.get(10, TimeUnit.SECONDS);
    try (ServerSocketChannel listening = ServerSocketChannel.open()) {
      listening.bind(new InetSocketAddress(LOOPBACK, 0), 50);
      listening.configureBlocking(false);
      int port = ((InetSocketAddress) listening.getLocalAddress()).getPort();
      for (int check = 1; check <= 3; check++) {
        ProbeOutcome up = probe(one, settings(1, null, 0), port);
        assertTrue(up.success(), "check " + check + ": " + up.reason());
        assertNull(listening.accept(), "check " + check + " completed the handshake");
      }
      CompletableFuture<Boolean> keptOpen = new CompletableFuture<>();
      one.runOnContext(v -> {
        try {
          io.netty.channel.IoEventLoop loop =
              (io.netty.channel.IoEventLoop) ((io.vertx.core.internal.ContextInternal) one).nettyEventLoop();
          NestedEpoll nested = NestedEpoll.of(loop);
          EpollConnection connection = new EpollConnection(loop, 1000) {
            @Override void established() {}
            @Override void ready() {}
            @Override void timerFired() {}
            @Override void ended(Throwable failure) {}
          };
          io.netty.channel.epoll.LinuxSocket socket = nested.socketFor(connection, false, null, false);
          nested.release(connection, socket, false, false);
          keptOpen.complete(socket.isOpen());
        } catch (Exception | AssertionError e) {
          keptOpen.completeExceptionally(e);
        }
      });
      assertFalse(keptOpen.get(10, TimeUnit.SECONDS), "a socket given back is closed, not kept for another connection");
    } finally {
      if (restore) {
        CompletableFuture<Void> raised = new CompletableFuture<>();
        one.runOnContext(v -> {
          ThreadCapability.raise(ThreadCapability.CAP_NET_ADMIN);
          raised.complete(null);
        });
        raised.get(10, TimeUnit.SECONDS);
      }
    }
  }

  /** Connects to {@code full} until its accept queue is full: the kernel then drops further SYNs. */
  private static void fillAcceptQueue(ServerSocket full, List<Socket> queued) throws Exception {
    while (true) {
      Socket s = new Socket();
      queued.add(s);
      try {
        s.connect(new InetSocketAddress(LOOPBACK, full.getLocalPort()), 300);
      } catch (SocketTimeoutException e) {
        return;
      }
      assertTrue(queued.size() < 20, "the accept queue never filled");
    }
  }

  /**
   * From bind_port: a free one works, the same one taken by a listener fails as the bind does (the check's
   * connection is reset before the server accepts it, so the server cannot say where it came from).
   */
  @Test
  void fromBindtoAndBindPort() throws Exception {
    int sourcePort;
    try (ServerSocket free = new ServerSocket(0, 1, LOOPBACK)) {
      sourcePort = free.getLocalPort();
    }
    try (ServerSocket listening = new ServerSocket(0, 50, LOOPBACK)) {
      CheckerSettings fromSourcePort = settings(1, new IpAddress(LOOPBACK), sourcePort);
      ProbeOutcome up = probe(fromSourcePort, listening.getLocalPort());
      assertTrue(up.success(), up.reason());
      try (ServerSocket taken = new ServerSocket(sourcePort, 1, LOOPBACK)) {
        ProbeOutcome refused = probe(fromSourcePort, listening.getLocalPort());
        assertFalse(refused.success());
        assertTrue(refused.reason().endsWith("Address already in use"), refused.reason());
      }
    }
  }
}
