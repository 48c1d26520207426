package io.vertalived.checker.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.LinuxSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A socket dissolved to connect again (as NestedEpoll's are) starts its next connection from the sequence number it
 * was given, not from the kernel's continuation of its last one (RFC 6528), on a real loopback connection.
 */
class InitialSequenceTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  @BeforeEach
  void rootWithEpoll() {
    assumeTrue(new com.sun.security.auth.module.UnixSystem().getUid() == 0,
        "skipped: TCP repair needs CAP_NET_ADMIN (root)");
    assertTrue(Epoll.isAvailable(), "Netty's epoll loads on Linux: " + Epoll.unavailabilityCause());
  }

  /** Connects {@code socket} (non-blocking) to {@code server}: established once the server has accepted it. */
  private static Socket connect(LinuxSocket socket, ServerSocket server) throws Exception {
    socket.connect(new InetSocketAddress(LOOPBACK, server.getLocalPort()));
    Socket accepted = server.accept();
    assertTrue(socket.finishConnect(), "established");
    return accepted;
  }

  @Test
  void aDissolvedSocketConnectsAgainFromTheNumberItWasGiven() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 10, LOOPBACK)) {
      LinuxSocket socket = LinuxSocket.newSocketStream(false);
      try {
        InitialSequence.prepare(socket);
        connect(socket, server).close(); // prepared, it connects as any socket: out of repair mode
        int continuation = InitialSequence.next(socket);
        socket.disconnect();
        int given = continuation + 1_000_000_007;
        InitialSequence.set(socket, given);
        try (Socket second = connect(socket, server)) {
          assertEquals(given + 1, InitialSequence.next(socket), "the SYN took the number given, the next is one on");
        }
        socket.disconnect();
        InitialSequence sequence = new InitialSequence();
        sequence.renew(socket);
        int first = InitialSequence.next(socket);
        sequence.renew(socket);
        assertNotEquals(first, InitialSequence.next(socket), "each renewal draws a new number");
        try (Socket third = connect(socket, server)) {
          assertTrue(third.isConnected());
        }
        socket.disconnect();
        int fourth = first ^ 0x5a5a5a5a;
        InitialSequence.set(socket, fourth); // the preparation outlives dissolutions: still one option
        try (Socket again = connect(socket, server)) {
          assertEquals(fourth + 1, InitialSequence.next(socket));
        }
      } finally {
        socket.close();
      }
    }
  }

  /** A socket that was not prepared is refused a number, rather than keeping the kernel's continuation unsaid. */
  @Test
  void aSocketNotPreparedIsRefused() throws Exception {
    LinuxSocket socket = LinuxSocket.newSocketStream(false);
    try {
      Exception refused = assertThrows(Exception.class, () -> InitialSequence.set(socket, 42));
      assertTrue(String.valueOf(refused.getMessage()).contains("Invalid argument"), refused.toString()); // EINVAL
      InitialSequence.prepare(socket);
      InitialSequence.set(socket, 42);
      assertEquals(42, InitialSequence.next(socket));
    } finally {
      socket.close();
    }
  }
}
