package io.vertalived.checker.health;

import io.vertalived.core.config.model.CheckerSettings;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;

/**
 * {@code SMTP_CHECK} (keepalived.conf(5) Virtual server(s)): connect, banner 220, {@code HELO helo_name} answered 250, QUIT
 * ({@link SmtpDialogue}). Each step must come within {@code connect_timeout}: a server that
 * accepts and never answers, or trickles its reply, fails with the step it was at.
 */
final class SmtpProbe implements Probe {
  private final Vertx vertx;
  private final NetClient client;
  private final String host;
  private final int port;
  private final String heloName;
  private final long stepMillis;

  SmtpProbe(Vertx vertx, CheckerSettings s, String heloName, String realServerIp, int realServerPort) {
    this.vertx = vertx;
    this.stepMillis = Math.max(1, Math.round(s.connectTimeout() * 1000));
    NetClientOptions o = new NetClientOptions().setConnectTimeout((int) stepMillis);
    if (s.bindTo() != null) {
      o.setLocalAddress(s.bindTo().toString());
    }
    this.client = vertx.createNetClient(o);
    this.host = s.connectIp() != null ? s.connectIp().toString() : realServerIp;
    this.port = s.connectPort() > 0 ? s.connectPort() : realServerPort;
    this.heloName = heloName;
  }

  @Override
  public Future<ProbeOutcome> probe() {
    long start = System.nanoTime();
    Promise<ProbeOutcome> done = Promise.promise();
    client.connect(port, host).onComplete(ar -> {
      if (ar.failed()) {
        done.tryComplete(new ProbeOutcome(false, "SMTP connection to " + host + ":" + port + " failed: "
            + TcpProbe.describe(ar.cause()), ProbeOutcome.millisSince(start)));
        return;
      }
      converse(ar.result(), start, done);
    });
    return done.future();
  }

  private void converse(NetSocket socket, long start, Promise<ProbeOutcome> done) {
    SmtpDialogue dialogue = new SmtpDialogue(heloName);
    String[] stage = {"banner"};
    long[] timer = {0};
    Runnable arm = () -> {
      vertx.cancelTimer(timer[0]);
      timer[0] = vertx.setTimer(stepMillis, t -> {
        socket.close();
        done.tryComplete(new ProbeOutcome(false, "SMTP server gave no complete " + stage[0] + " within "
            + stepMillis + " ms", ProbeOutcome.millisSince(start)));
      });
    };
    arm.run();
    socket.handler((Buffer data) -> {
      SmtpDialogue.Step step = dialogue.received(data.getBytes());
      if (step instanceof SmtpDialogue.Send send) {
        stage[0] = "HELO reply";
        socket.write(Buffer.buffer(send.bytes()));
        arm.run();
      } else if (step instanceof SmtpDialogue.Success ok) {
        vertx.cancelTimer(timer[0]);
        socket.write(Buffer.buffer(ok.quit())).onComplete(x -> socket.close());
        done.tryComplete(new ProbeOutcome(true, ok.detail(), ProbeOutcome.millisSince(start)));
      } else if (step instanceof SmtpDialogue.Failure f) {
        vertx.cancelTimer(timer[0]);
        socket.close();
        done.tryComplete(new ProbeOutcome(false, f.reason(), ProbeOutcome.millisSince(start)));
      }
    });
    socket.closeHandler(v -> {
      vertx.cancelTimer(timer[0]);
      done.tryComplete(new ProbeOutcome(false, "SMTP server closed the connection before its " + stage[0], ProbeOutcome.millisSince(start)));
    });
    socket.exceptionHandler(e -> {
      vertx.cancelTimer(timer[0]);
      socket.close();
      done.tryComplete(new ProbeOutcome(false, "SMTP connection error: " + TcpProbe.describe(e), ProbeOutcome.millisSince(start)));
    });
    // a close that came before the handlers above is not reported to them: an empty write
    // fails on a closed socket and tells us
    socket.write(Buffer.buffer()).onFailure(e -> {
      vertx.cancelTimer(timer[0]);
      done.tryComplete(new ProbeOutcome(false, "SMTP server closed the connection before its " + stage[0],
          ProbeOutcome.millisSince(start)));
    });
  }


  @Override
  public void close() {
    client.close();
  }
}
