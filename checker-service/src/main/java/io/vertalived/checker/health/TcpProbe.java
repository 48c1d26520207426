package io.vertalived.checker.health;

import io.vertalived.core.config.model.CheckerSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;

/**
 * {@code TCP_CHECK} (spec 7.3): up when a TCP connection to {@code connect_ip:connect_port} (the
 * real server's by default) is established within {@code connect_timeout}; the connection is
 * closed at once. Non-blocking (Vert.x NetClient); {@code bindto} sets the source address.
 */
final class TcpProbe implements Probe {
  private final NetClient client;
  private final String host;
  private final int port;

  TcpProbe(Vertx vertx, CheckerSettings s, String realServerIp, int realServerPort) {
    NetClientOptions o = new NetClientOptions().setConnectTimeout((int) Math.max(1, Math.round(s.connectTimeout() * 1000)));
    if (s.bindTo() != null) {
      o.setLocalAddress(s.bindTo().toString());
    }
    this.client = vertx.createNetClient(o);
    this.host = s.connectIp() != null ? s.connectIp().toString() : realServerIp;
    this.port = s.connectPort() > 0 ? s.connectPort() : realServerPort;
  }

  @Override
  public Future<ProbeOutcome> probe() {
    long start = System.nanoTime();
    return client.connect(port, host).transform(ar -> {
      double ms = ProbeOutcome.millisSince(start);
      if (ar.succeeded()) {
        ar.result().close();
        return Future.succeededFuture(new ProbeOutcome(true, "connected to " + host + ":" + port, ms));
      }
      return Future.succeededFuture(new ProbeOutcome(false, "TCP connection to " + host + ":" + port + " failed: "
          + describe(ar.cause()), ms));
    });
  }

  /** Netty's message without the address it repeats ("Connection refused: /198.18.0.2:80"). */
  static String describe(Throwable t) {
    String m = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    int cut = m.indexOf(": /");
    return cut > 0 ? m.substring(0, cut) : m;
  }

  @Override
  public void close() {
    client.close();
  }
}
