package io.vertalived.checker.health;

import io.vertalived.core.config.model.CheckerSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * {@code TCP_CHECK} (keepalived.conf(5) Virtual server(s)): up when a TCP connection to {@code connect_ip:connect_port} (the
 * real server's by default) is established within {@code connect_timeout}; the connection is
 * closed at once. Non-blocking ({@link TcpConnector}); {@code bindto} and {@code bind_port} set
 * the source address and port.
 */
final class TcpProbe implements Probe {
  /** Straight on the event loop's epoll where it runs Netty's; else null and {@link #connector} serves. */
  private final EpollConnect epoll;
  private final TcpConnector connector;
  private final InetSocketAddress target;
  /** The reason of a success, one string shared by its results (a checker keeps one per real server). */
  private final String connected;

  TcpProbe(Vertx vertx, CheckerSettings s, String realServerIp, int realServerPort) {
    int timeoutMillis = (int) Math.round(s.connectTimeout() * 1000);
    InetAddress bindTo = s.bindTo() != null ? s.bindTo().address() : null;
    this.epoll = EpollConnect.on(vertx, timeoutMillis, bindTo, s.bindPort());
    this.connector = epoll != null ? null : TcpConnector.of(vertx, timeoutMillis, bindTo, s.bindPort());
    String host = s.connectIp() != null ? s.connectIp().toString() : realServerIp;
    int port = s.connectPort() > 0 ? s.connectPort() : realServerPort;
    this.target = TcpConnector.address(host, port);
    this.connected = "connected to " + TcpConnector.hostPort(host, port);
  }

  /** The reason of a failure, made when one happens. */
  private String failed(Throwable cause) {
    return "TCP connection to " + connected.substring("connected to ".length()) + " failed: " + describe(cause);
  }

  @Override
  public Future<ProbeOutcome> probe() {
    long start = System.nanoTime();
    if (epoll != null) {
      return epoll.connect(target, failure -> {
        double ms = ProbeOutcome.millisSince(start);
        return failure == null ? new ProbeOutcome(true, connected, ms) : new ProbeOutcome(false, failed(failure), ms);
      });
    }
    return connector.connect(target, null).transform(ar -> {
      double ms = ProbeOutcome.millisSince(start);
      if (ar.succeeded()) {
        ar.result().close();
        return Future.succeededFuture(new ProbeOutcome(true, connected, ms));
      }
      return Future.succeededFuture(new ProbeOutcome(false, failed(ar.cause()), ms));
    });
  }

  /** Whether the connections go straight on the event loop's epoll ({@link EpollConnect}). */
  boolean onEpoll() {
    return epoll != null;
  }

  /** Netty's native call prefix, as in "finishConnect(..) failed with error(-111): ". */
  private static final java.util.regex.Pattern NATIVE_CALL =
      java.util.regex.Pattern.compile("^\\w+\\(\\.\\.\\) failed( with error\\(-?\\d+\\))?: ");

  /**
   * Netty's message in an operator's words: without the native call it comes from and the
   * address it repeats ("finishConnect(..) failed with error(-111): Connection refused:
   * /198.18.0.2:80" is "Connection refused").
   */
  static String describe(Throwable t) {
    String m = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    int cut = m.indexOf(": /");
    m = cut > 0 ? m.substring(0, cut) : m;
    return NATIVE_CALL.matcher(m).replaceFirst("");
  }

  @Override
  public void close() {}
}
