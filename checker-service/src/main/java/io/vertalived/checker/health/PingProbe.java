package io.vertalived.checker.health;

import io.vertalived.core.config.model.CheckerSettings;
import io.vertalived.core.net.NativeIoException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;

/**
 * {@code PING_CHECK} (keepalived.conf(5) Virtual server(s)): one ICMP echo request to the real server (or {@code connect_ip});
 * up when its echo reply comes within {@code connect_timeout}. IPv4; the socket is the JVM's
 * shared {@link IcmpEchoSocket}.
 */
final class PingProbe implements Probe {
  private final Vertx vertx;
  private final Inet4Address target;
  private final long timeoutNanos;
  private final String replied;
  private final String noReply;
  private final IcmpEchoSocket socket;

  PingProbe(Vertx vertx, CheckerSettings s, String realServerIp) {
    this.vertx = vertx;
    String host = s.connectIp() != null ? s.connectIp().toString() : realServerIp;
    InetAddress a;
    try {
      a = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("PING_CHECK: " + host + " is not an IP address");
    }
    if (!(a instanceof Inet4Address v4)) {
      throw new IllegalArgumentException("PING_CHECK over IPv6 (ICMPv6) is not supported yet: " + host);
    }
    this.target = v4;
    if (s.bindTo() != null || s.bindInterface() != null) {
      java.util.logging.Logger.getLogger("io.vertalived.checker").warning("PING_CHECK of " + host
          + ": bindto and bind_if are not supported yet; its echo requests leave from the route's source address");
    }
    this.timeoutNanos = Math.round(s.connectTimeout() * 1e9);
    this.replied = "echo reply from " + host;
    this.noReply = "no echo reply from " + host + " within " + Math.round(s.connectTimeout() * 1000) + " ms";
    try {
      this.socket = IcmpEchoSocket.acquire();
    } catch (NativeIoException e) {
      throw new IllegalArgumentException("PING_CHECK needs an ICMP socket: " + e.getMessage());
    }
  }

  @Override
  public Future<ProbeOutcome> probe() {
    long start = System.nanoTime();
    Promise<Void> reply = Promise.promise();
    int seq = socket.echo(target, reply);
    io.vertx.core.Timer timeout = vertx.timer(timeoutNanos, TimeUnit.NANOSECONDS);
    timeout.onSuccess(t -> {
      socket.forget(seq);
      reply.tryFail(noReply);
    });
    return reply.future().transform(ar -> {
      timeout.cancel();
      double ms = ProbeOutcome.millisSince(start);
      return Future.succeededFuture(ar.succeeded() ? new ProbeOutcome(true, replied, ms)
          : new ProbeOutcome(false, ar.cause().getMessage(), ms));
    });
  }

  @Override
  public void close() {
    IcmpEchoSocket.release();
  }
}
