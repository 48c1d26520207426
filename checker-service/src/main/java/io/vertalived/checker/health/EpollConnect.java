package io.vertalived.checker.health;

import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.epoll.LinuxSocket;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.PromiseInternal;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeUnit;

/**
 * A {@code TCP_CHECK}'s connection attempt straight on its event loop's epoll, through Netty 4.2's
 * {@code IoHandle} API: a non-blocking socket, {@code SO_LINGER 0}, connect, the one readiness
 * event, {@code SO_ERROR}, close. Eight system calls where a Netty channel makes eighteen (its
 * options, its local and remote addresses, its pipeline's registrations; docs/benchmarks.md), and
 * none of a channel's objects. The connection ends with an RST as {@link TcpConnector}'s do.
 * Only where the event loop runs Netty's epoll (Linux with Vert.x's native transport): elsewhere
 * {@link #on} gives null and {@link TcpConnector} serves.
 */
final class EpollConnect {
  private final IoEventLoop loop;
  private final ContextInternal context;
  private final int timeoutMillis;
  private final InetSocketAddress local;
  private final boolean reuseAddress;

  private EpollConnect(IoEventLoop loop, ContextInternal context, int timeoutMillis, InetSocketAddress local,
                       boolean reuseAddress) {
    this.loop = loop;
    this.context = context;
    this.timeoutMillis = timeoutMillis;
    this.local = local;
    this.reuseAddress = reuseAddress;
  }

  /** On the current context (a probe shard's), if its event loop is Netty's epoll; else null. */
  static EpollConnect on(Vertx vertx, int connectTimeoutMillis, InetAddress bindTo, int bindPort) {
    ContextInternal context = (ContextInternal) vertx.getOrCreateContext();
    if (!(context.nettyEventLoop() instanceof IoEventLoop loop) || !loop.isCompatible(Attempt.class)) {
      return null;
    }
    InetSocketAddress local = bindTo != null || bindPort > 0 ? new InetSocketAddress(bindTo, bindPort) : null;
    return new EpollConnect(loop, context, Math.max(1, connectTimeoutMillis), local, bindPort > 0);
  }

  /**
   * Connects to {@code remote} and closes at once; the future (on the context) succeeds when the connection was
   * established within the timeout, else fails with the reason (Netty's words: {@link TcpProbe#describe}).
   */
  Future<Void> connect(InetSocketAddress remote) {
    PromiseInternal<Void> promise = context.promise();
    LinuxSocket socket;
    try {
      socket = LinuxSocket.newSocketStream(remote.getAddress() instanceof Inet6Address);
    } catch (RuntimeException e) {
      promise.fail(e);
      return promise.future();
    }
    Attempt attempt = new Attempt(socket, promise);
    try {
      socket.setSoLinger(0);
      if (local != null) {
        socket.setReuseAddress(reuseAddress);
        socket.bind(local);
      }
      if (socket.connect(remote)) {
        attempt.finish(null);
        return promise.future();
      }
    } catch (IOException | RuntimeException e) {
      attempt.finish(e);
      return promise.future();
    }
    io.netty.util.concurrent.Future<IoRegistration> registered = loop.register(attempt);
    if (registered.isDone()) {
      attempt.registered(registered);
    } else {
      registered.addListener(f -> attempt.registered(registered));
    }
    return promise.future();
  }

  /** One connection attempt: the handle the event loop's epoll reports on. */
  private final class Attempt implements EpollIoHandle {
    private final LinuxSocket socket;
    private final PromiseInternal<Void> promise;
    private IoRegistration registration;
    private ScheduledFuture<?> timeout;
    private boolean done;

    Attempt(LinuxSocket socket, PromiseInternal<Void> promise) {
      this.socket = socket;
      this.promise = promise;
    }

    @Override
    public FileDescriptor fd() {
      return socket;
    }

    /** Registered with the epoll (or not): wait for writability, within the connect timeout. */
    void registered(io.netty.util.concurrent.Future<IoRegistration> f) {
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
        registration.submit(EpollIoOps.EPOLLOUT);
        timeout = loop.schedule(() -> finish(new ConnectTimeoutException(
            "connection timed out after " + timeoutMillis + " ms")), timeoutMillis, TimeUnit.MILLISECONDS);
      } catch (RuntimeException e) { // the event loop is shutting down
        finish(e);
      }
    }

    /** Writable, or an error: the outcome is in SO_ERROR. */
    @Override
    public void handle(IoRegistration r, IoEvent event) {
      if (done) {
        return;
      }
      try {
        if (socket.finishConnect()) {
          finish(null);
        }
      } catch (IOException | RuntimeException e) {
        finish(e);
      }
    }

    void finish(Throwable failure) {
      if (done) {
        return;
      }
      done = true;
      if (timeout != null) {
        timeout.cancel(false);
      }
      if (registration != null) {
        registration.cancel();
      }
      try {
        socket.close();
      } catch (IOException ignored) {
        // an RST's close does not fail in a way that changes the check's outcome
      }
      if (failure == null) {
        promise.complete();
      } else {
        promise.fail(failure);
      }
    }

    /** The event loop closes (shutdown): the attempt ends without an outcome of its own. */
    @Override
    public void close() {
      finish(new ClosedChannelException());
    }
  }
}
