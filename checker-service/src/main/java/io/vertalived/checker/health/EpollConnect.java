package io.vertalived.checker.health;

import io.netty.channel.IoEventLoop;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.PromiseInternal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.function.Function;

/**
 * The probes' connections straight on epoll ({@link EpollConnection}, in their event loop's {@link NestedEpoll}): a
 * {@code TCP_CHECK}'s attempt (connect, the readiness event, the dissolution that resets it and the next
 * connection's new initial sequence number: three system calls and a share of one
 * {@code epoll_wait}, on a socket that serves connect after connect, where HAProxy makes eight and makes and frees a
 * socket, and a Netty channel eighteen, docs/benchmarks.md) and an {@code HTTP_GET}'s exchange
 * ({@link EpollHttpExchange}), with none of a channel's objects. The connections end with an RST as
 * {@link TcpConnector}'s do. Only where the event loop runs Netty's epoll (Linux with Vert.x's native transport):
 * elsewhere {@link #on} gives null and {@link TcpConnector} serves.
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

  /** What tells two of them apart on one context. */
  private record Settings(int connectTimeoutMillis, InetAddress bindTo, int bindPort) {}

  /**
   * The one of these settings on the current context (a probe shard's), shared by its probes, if its event loop is
   * Netty's epoll; else null.
   */
  static EpollConnect on(Vertx vertx, int connectTimeoutMillis, InetAddress bindTo, int bindPort) {
    ContextInternal context = (ContextInternal) vertx.getOrCreateContext();
    // (NestedEpoll's class is initialised, which loads Netty's native epoll, only where the loop runs it)
    if (!(context.nettyEventLoop() instanceof IoEventLoop loop) || !loop.isCompatible(NestedEpoll.class)
        || !NestedEpoll.AVAILABLE) {
      return null;
    }
    return (EpollConnect) context.contextData().computeIfAbsent(new Settings(connectTimeoutMillis, bindTo, bindPort),
        k -> new EpollConnect(loop, context, Math.max(1, connectTimeoutMillis),
            bindTo != null || bindPort > 0 ? new InetSocketAddress(bindTo, bindPort) : null, bindPort > 0));
  }

  /**
   * Connects to {@code remote} and closes at once; the future (on the context) completes with {@code outcome} of
   * null when the connection was established within the timeout, else of the reason (Netty's words:
   * {@link TcpProbe#describe}). The outcome is made where the attempt ends: no stage after it.
   */
  <T> Future<T> connect(InetSocketAddress remote, Function<Throwable, T> outcome) {
    Attempt<T> attempt = new Attempt<>(context.promise(), outcome);
    attempt.open(remote, local, reuseAddress);
    return attempt.promise.future();
  }

  /**
   * {@code request} on a connection to {@code remote} and the response as {@code reader} reads it; the future (on the
   * context) fails only when there was no connection (the reason as {@link #connect}'s); silence or slowness after
   * it are a response's failure ({@link EpollHttpExchange}).
   */
  Future<HttpResponseReader.Response> exchange(InetSocketAddress remote, byte[] request, HttpResponseReader reader,
                                               long idleMillis, long wholeMillis) {
    PromiseInternal<HttpResponseReader.Response> promise = context.promise();
    new EpollHttpExchange(loop, timeoutMillis, request, reader, idleMillis, wholeMillis, promise)
        .open(remote, local, reuseAddress);
    return promise.future();
  }

  /** A connection attempt only: closed as soon as it is made. */
  private final class Attempt<T> extends EpollConnection {
    private final PromiseInternal<T> promise;
    private final Function<Throwable, T> outcome;

    Attempt(PromiseInternal<T> promise, Function<Throwable, T> outcome) {
      super(EpollConnect.this.loop, timeoutMillis);
      this.promise = promise;
      this.outcome = outcome;
    }

    @Override
    void established() {
      finish(null);
    }

    @Override
    void ready() {}

    @Override
    void timerFired() {}

    @Override
    void ended(Throwable failure) {
      T result;
      try {
        result = outcome.apply(failure);
      } catch (RuntimeException e) {
        promise.fail(e);
        return;
      }
      promise.complete(result);
    }
  }
}
