package io.vertalived.checker.health;

import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.IoEventLoop;
import io.netty.channel.epoll.LinuxSocket;
import io.netty.channel.epoll.Native;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeUnit;

/**
 * One probe's TCP connection straight on epoll, without a Netty channel (docs/benchmarks.md: a channel's options,
 * addresses, pipeline and registrations cost more than the check): a non-blocking socket of its event loop's
 * {@link NestedEpoll} (one that served an earlier connection when there is one), {@code bindto}/{@code bind_port},
 * the connect within its timeout, then what the subclass does with the connection ({@link #established},
 * {@link #ready}, its timer), and one {@link #finish} that ends it with an RST (as HAProxy's checks do: no
 * TIME_WAIT, no FIN exchange) and gives the socket back. System calls are what a check costs (docs/benchmarks.md),
 * so: the socket's one interest, edge-triggered, set once for all its connections (EPOLLOUT for the connect, EPOLLIN
 * for what comes back: {@link #ready} reads until the socket says "no more for now"); one timer, the connect
 * timeout's, which the subclass moves on ({@link #arm}) rather than making another. And one packet fewer: with
 * {@code TCP_DEFER_ACCEPT} on the socket the handshake's last ACK waits for data ({@link NestedEpoll}), so an HTTP request carries it, and a
 * connection ended as soon as it is made (TCP_CHECK) is reset before the server's application ever accepts it, as
 * HAProxy's checks are (the SYN-ACK is the answer either way). Runs on the event loop's thread only.
 */
abstract class EpollConnection {
  final IoEventLoop loop;
  private final int connectTimeoutMillis;
  private LinuxSocket socket;
  private NestedEpoll epoll;
  private boolean ipv6;
  private boolean bound;
  /**
   * {@link NestedEpoll}'s count of its waits when this took its socket: no event of that wait is this connection's
   * (they were the socket's earlier connection's).
   */
  long addedInBatch;
  private ScheduledFuture<?> timer;
  private boolean connected;
  private boolean done;

  /** An event that says the connect failed: EPOLLERR, or EPOLLHUP (0x10, epoll_ctl(2): always reported). */
  private static final int FAILED = Native.EPOLLERR | 0x10;

  EpollConnection(IoEventLoop loop, int connectTimeoutMillis) {
    this.loop = loop;
    this.connectTimeoutMillis = connectTimeoutMillis;
  }

  /** The connection is up: the subclass starts its part (or {@link #finish}es). */
  abstract void established();

  /**
   * An epoll event once established (or the connect's event carried data too): the subclass reads or writes as it
   * waits to, until the socket has no more for now (the next event comes only with something new).
   */
  abstract void ready();

  /** The timer fired after the connection was made (first at the connect timeout, then where {@link #arm} put it). */
  abstract void timerFired();

  /** The connection is closed: {@code failure} is why it could not be made (or the loop's close), else null. */
  abstract void ended(Throwable failure);

  /** Opens the socket and connects, on the event loop (from another thread: next there). {@code local} null: the kernel's choice. */
  final void open(InetSocketAddress remote, InetSocketAddress local, boolean reuseAddress) {
    if (!loop.inEventLoop()) {
      loop.execute(() -> open(remote, local, reuseAddress));
      return;
    }
    ipv6 = remote.getAddress() instanceof Inet6Address;
    bound = local != null;
    try {
      epoll = NestedEpoll.of(loop);
      socket = epoll.socketFor(this, ipv6, local, reuseAddress);
    } catch (IOException | RuntimeException e) {
      done = true;
      ended(e);
      return;
    }
    try {
      connected = socket.connect(remote);
      timer = loop.schedule(this::timedOut, connectTimeoutMillis, TimeUnit.MILLISECONDS);
    } catch (IOException | RuntimeException e) { // refused at once, or the event loop is shutting down
      finish(e);
      return;
    }
    if (connected) { // at once (the kernel may, on loopback)
      established();
    }
  }

  private void timedOut() {
    if (done) {
      return;
    }
    if (connected) {
      timerFired();
    } else {
      finish(new ConnectTimeoutException("connection timed out after " + connectTimeoutMillis + " ms"));
    }
  }

  /** The socket, for the subclass's reads and writes. */
  final LinuxSocket socket() {
    return socket;
  }

  /** Whether {@link #finish} has run. */
  final boolean isDone() {
    return done;
  }

  /** Puts the timer (fired) at {@code millis} from now: {@link #timerFired} again then. */
  final void arm(long millis) {
    timer = loop.schedule(this::timedOut, Math.max(1, millis), TimeUnit.MILLISECONDS);
  }

  /**
   * {@code ops}, the events epoll has for the socket: the connect's outcome until connected (SO_ERROR only when it
   * failed), then the subclass's.
   */
  final void handle(int ops) {
    if (done) {
      return;
    }
    if (connected) {
      ready();
      return;
    }
    if ((ops & FAILED) != 0) { // the connect failed: SO_ERROR says why
      try {
        socket.finishConnect();
        finish(new IOException("connection failed")); // no error kept: as a refusal without words
      } catch (IOException | RuntimeException e) {
        finish(e);
      }
      return;
    }
    // writable without an error: a socket is not writable before its connect completes (tcp_poll: not while
    // SYN_SENT), so the outcome needs no SO_ERROR look-up
    connected = true;
    established();
    if (!done && (ops & Native.EPOLLIN) != 0) {
      ready(); // the server spoke as the connection came up: that edge will not come again
    }
  }

  /** Closes the connection (an RST) once and tells the subclass: {@code failure} null when it did what it came for. */
  final void finish(Throwable failure) {
    if (done) {
      return;
    }
    done = true;
    if (timer != null) {
      timer.cancel(false);
    }
    epoll.release(this, socket, ipv6, bound); // an RST if connected
    ended(failure);
  }

  /** The event loop closes (shutdown): the connection ends without an outcome of its own. */
  final void close() {
    finish(new ClosedChannelException());
  }
}
