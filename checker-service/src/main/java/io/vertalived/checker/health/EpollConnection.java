package io.vertalived.checker.health;

import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoEvent;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.epoll.LinuxSocket;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeUnit;

/**
 * One probe's TCP connection straight on its event loop's epoll, through Netty 4.2's {@code IoHandle} API, without
 * a channel (docs/benchmarks.md: a channel's options, addresses, pipeline and registrations cost more than the check):
 * a non-blocking socket with {@code SO_LINGER 0} (it ends with an RST, as HAProxy's checks do: no TIME_WAIT, no FIN
 * exchange), {@code bindto}/{@code bind_port}, the connect within its timeout, then what the subclass does with the
 * connection ({@link #established}, {@link #ready}, its timer), and one {@link #finish} that closes it. System calls
 * are what a check costs (docs/benchmarks.md), so: one interest for the connection's whole life, edge-triggered
 * (EPOLLOUT for the connect, EPOLLIN for what comes back: {@link #ready} reads until the socket says "no more for
 * now"); one timer, the connect timeout's, which the subclass moves on ({@link #arm}) rather than making another; the
 * socket closed before its registration is cancelled (the kernel drops a closed socket from the epoll by itself, so
 * no EPOLL_CTL_DEL). And one packet fewer: with {@code TCP_QUICKACK} off the handshake's last ACK waits for data
 * (tcp(7)), so an HTTP request carries it, and a connection closed as soon as it is made (TCP_CHECK) is reset before
 * the server's application ever accepts it, as HAProxy's checks are (the SYN-ACK is the answer either way). Runs on
 * the event loop's thread only.
 */
abstract class EpollConnection implements EpollIoHandle {
  final IoEventLoop loop;
  private final int connectTimeoutMillis;
  private LinuxSocket socket;
  private IoRegistration registration;
  private ScheduledFuture<?> timer;
  private boolean connected;
  private boolean done;

  /** From linux/in.h and linux/tcp.h (tcp(7)). */
  private static final int IPPROTO_TCP = 6;
  private static final int TCP_QUICKACK = 12;

  /** An event that says the connect failed: EPOLLERR, or EPOLLHUP (0x10, epoll_ctl(2): always reported). */
  private static final int FAILED = EpollIoOps.EPOLLERR.value() | 0x10;

  /** The connection's one interest: writable (the connect's outcome) and readable, edge-triggered. */
  private static final EpollIoOps INTEREST = EpollIoOps.EPOLLOUT.with(EpollIoOps.EPOLLIN).with(EpollIoOps.EPOLLET);

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
    try {
      socket = LinuxSocket.newSocketStream(remote.getAddress() instanceof Inet6Address);
    } catch (RuntimeException e) {
      done = true;
      ended(e);
      return;
    }
    try {
      socket.setSoLinger(0);
      socket.setIntOpt(IPPROTO_TCP, TCP_QUICKACK, 0);
      if (local != null) {
        socket.setReuseAddress(reuseAddress);
        socket.bind(local);
      }
      connected = socket.connect(remote);
    } catch (IOException | RuntimeException e) {
      finish(e);
      return;
    }
    io.netty.util.concurrent.Future<IoRegistration> registering = loop.register(this);
    if (registering.isDone()) {
      registered(registering);
    } else {
      registering.addListener(f -> registered(registering));
    }
  }

  private void registered(io.netty.util.concurrent.Future<IoRegistration> f) {
    if (!f.isSuccess()) {
      finish(f.cause());
      return;
    }
    registration = f.getNow();
    if (done) { // closed by the loop meanwhile
      registration.cancel();
      return;
    }
    try {
      registration.submit(INTEREST);
      timer = loop.schedule(this::timedOut, connectTimeoutMillis, TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) { // the event loop is shutting down
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

  @Override
  public final FileDescriptor fd() {
    return socket;
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

  /** The connect's outcome until connected (SO_ERROR only when it failed), then the subclass's events. */
  @Override
  public final void handle(IoRegistration r, IoEvent event) {
    if (done) {
      return;
    }
    if (connected) {
      ready();
      return;
    }
    int ops = ((EpollIoEvent) event).ops().value();
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
    if (!done && (ops & EpollIoOps.EPOLLIN.value()) != 0) {
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
    try {
      socket.close();
    } catch (IOException ignored) {
      // an RST's close does not fail in a way that changes the check's outcome
    }
    if (registration != null) {
      registration.cancel(); // after the close: Netty then leaves the epoll alone (the kernel dropped the socket)
    }
    ended(failure);
  }

  /** The event loop closes (shutdown): the connection ends without an outcome of its own. */
  @Override
  public final void close() {
    finish(new ClosedChannelException());
  }
}
