package io.vertalived.checker.health;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.resolver.NoopAddressResolverGroup;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.PromiseInternal;
import io.vertx.core.internal.VertxInternal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Plain TCP connections of the probes, straight on Netty's channel of Vert.x's transport (epoll
 * where it loads), on the event loop of the context that made the connector: the checker's hot
 * path. A check's connection needs none of what a Vert.x NetSocket sets up per connection (its
 * socket options, address look-ups, close hooks), which cost more than the check itself at
 * thousands of checks per second (docs/benchmarks.md). Connections end with an RST
 * ({@code SO_LINGER 0}) as HAProxy's checks do: no TIME_WAIT on either side and no FIN exchange.
 * {@code bindto} and {@code bind_port} set the source address and port.
 */
final class TcpConnector {
  @ChannelHandler.Sharable
  private static final class Nothing extends ChannelInboundHandlerAdapter {}

  private static final ChannelHandler NOTHING = new Nothing();
  private final ContextInternal context;
  private final Bootstrap bootstrap;
  private final InetSocketAddress local;

  /** What tells two connectors apart. */
  private record Settings(int connectTimeoutMillis, InetAddress bindTo, int bindPort) {}

  /**
   * The connector of these settings on the current context (a probe shard's), made at its first use there: one
   * Bootstrap (its options and attributes) serves every probe of the shard with these settings, not one per
   * probe (20,000 HTTP_GET real servers kept ~10 MB of them, docs/benchmarks.md).
   */
  static TcpConnector of(Vertx vertx, int connectTimeoutMillis, InetAddress bindTo, int bindPort) {
    ContextInternal context = (ContextInternal) vertx.getOrCreateContext();
    return (TcpConnector) context.contextData().computeIfAbsent(new Settings(connectTimeoutMillis, bindTo, bindPort),
        k -> new TcpConnector(vertx, connectTimeoutMillis, bindTo, bindPort));
  }

  /** On the current context (a probe shard's): its event loop runs every connection. */
  private TcpConnector(Vertx vertx, int connectTimeoutMillis, InetAddress bindTo, int bindPort) {
    this.context = (ContextInternal) vertx.getOrCreateContext();
    this.bootstrap = new Bootstrap()
        .group(context.nettyEventLoop())
        .channelFactory(((VertxInternal) vertx).transport().channelFactory(false))
        .resolver(NoopAddressResolverGroup.INSTANCE)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.max(1, connectTimeoutMillis))
        .option(ChannelOption.SO_LINGER, 0)
        .option(ChannelOption.TCP_NODELAY, true)
        .handler(NOTHING);
    if (bindPort > 0) {
      bootstrap.option(ChannelOption.SO_REUSEADDR, true);
    }
    this.local = bindTo != null || bindPort > 0 ? new InetSocketAddress(bindTo, bindPort) : null;
  }

  /** An address literal (no name resolution: real servers are configured by address). */
  static InetSocketAddress address(String ip, int port) {
    try {
      return new InetSocketAddress(InetAddress.getByName(ip), port);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + ip + "' is not an IP address");
    }
  }

  /** {@code ip:port}, an IPv6 address in brackets ({@code [2001:db8::1]:80}), as reasons and Host headers write it. */
  static String hostPort(String ip, int port) {
    return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port;
  }

  /** A promise whose callbacks run on the connector's context, for results found in a channel handler. */
  <T> PromiseInternal<T> promise() {
    return context.promise();
  }

  /** Connects; the future completes on the connector's context. {@code handler} may be null. */
  Future<Channel> connect(InetSocketAddress remote, ChannelHandler handler) {
    ChannelFuture f = (handler == null ? bootstrap : bootstrap.clone().handler(handler)).connect(remote, local);
    PromiseInternal<Void> connected = context.promise();
    f.addListener(connected);
    return connected.future().map(v -> f.channel());
  }
}
