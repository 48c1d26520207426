package io.vertalived.checker.health;

import io.vertalived.core.config.model.CheckerSettings;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code DNS_CHECK} (keepalived.conf(5) Virtual server(s)): one UDP query ({@link DnsQuery}) from a fresh port; the first
 * datagram from the server within {@code connect_timeout} decides. No reply is a failure.
 */
final class DnsProbe implements Probe {
  private final Vertx vertx;
  private final CheckerSettings settings;
  private final String host;
  private final int port;
  private final String name;
  private final String type;

  DnsProbe(Vertx vertx, CheckerSettings s, String type, String name, String realServerIp, int realServerPort) {
    this.vertx = vertx;
    this.settings = s;
    this.host = s.connectIp() != null ? s.connectIp().toString() : realServerIp;
    this.port = s.connectPort() > 0 ? s.connectPort() : realServerPort;
    this.type = type;
    this.name = name;
    DnsQuery.encode(0, name, type); // refuse a bad type or name at start-up, not at every check
  }

  @Override
  public Future<ProbeOutcome> probe() {
    long start = System.nanoTime();
    int id = ThreadLocalRandom.current().nextInt(0x10000);
    long timeout = Math.max(1, Math.round(settings.connectTimeout() * 1000));
    Promise<ProbeOutcome> done = Promise.promise();
    DatagramSocket socket = vertx.createDatagramSocket(new DatagramSocketOptions().setIpV6(host.contains(":")));
    long timer = vertx.setTimer(timeout, t -> done.tryComplete(new ProbeOutcome(false,
        "no DNS reply from " + host + ":" + port + " within " + timeout + " ms", ProbeOutcome.millisSince(start))));
    socket.handler(packet -> {
      if (!packet.sender().host().equals(host) || packet.sender().port() != port) {
        return; // not from the server: ignore it
      }
      byte[] reply = packet.data().getBytes();
      String problem = DnsQuery.verify(reply, reply.length, id);
      done.tryComplete(new ProbeOutcome(problem == null, problem == null ? "DNS " + type + " " + name + " answered"
          : problem, ProbeOutcome.millisSince(start)));
    });
    String bind = settings.bindTo() != null ? settings.bindTo().toString() : host.contains(":") ? "::" : "0.0.0.0";
    socket.listen(0, bind).compose(s -> s.send(Buffer.buffer(DnsQuery.encode(id, name, type)), port, host))
        .onFailure(e -> done.tryComplete(new ProbeOutcome(false, "DNS query to " + host + ":" + port
            + " failed: " + TcpProbe.describe(e), ProbeOutcome.millisSince(start))));
    return done.future().onComplete(x -> {
      vertx.cancelTimer(timer);
      socket.close();
    });
  }


  @Override
  public void close() {
    // a socket per probe, closed with it
  }
}
