package io.vertalived.checker.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.config.model.CheckerSettings;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import io.vertx.junit5.VertxExtension;

/** SMTP_CHECK against servers on loopback started by the test: a good one and hostile ones. */
@ExtendWith(VertxExtension.class)
class SmtpProbeTest {
  private static final CheckerSettings SETTINGS =
      new CheckerSettings(null, 0, null, null, 0, 0, 0.5, 1, 1, 0, 1, false, false);

  private static ProbeOutcome probe(Vertx vertx, Handler<NetSocket> server) throws Exception {
    NetServer s = vertx.createNetServer().connectHandler(server).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    try {
      SmtpProbe p = new SmtpProbe(vertx, SETTINGS, "checker.test", "127.0.0.1", s.actualPort());
      // on an event-loop context, as a probe shard runs it: the connection's callbacks then run on
      // its event loop before anything is read (called from the test thread they were queued, and
      // a banner read before the socket's handler was set was lost: "no complete banner")
      io.vertx.core.Context onLoop = vertx.getOrCreateContext();
      ProbeOutcome o = io.vertx.core.Future.<ProbeOutcome>future(done -> onLoop.runOnContext(v -> p.probe().onComplete(done)))
          .await(10, TimeUnit.SECONDS);
      p.close();
      return o;
    } finally {
      s.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aRealConversation(Vertx vertx) throws Exception {
    StringBuilder heard = new StringBuilder();
    ProbeOutcome o = probe(vertx, sock -> {
      sock.write("220 mx.test ESMTP\r\n");
      sock.handler(b -> {
        heard.append(b.toString());
        if (b.toString().startsWith("HELO")) {
          sock.write("250-mx.test\r\n250 SIZE 1000\r\n");
        }
      });
    });
    assertTrue(o.success(), o.reason());
    assertTrue(heard.toString().startsWith("HELO checker.test\r\n"), heard.toString());
  }

  @Test
  void aServerThatNeverAnswersFailsWithinConnectTimeout(Vertx vertx) throws Exception {
    ProbeOutcome o = probe(vertx, sock -> { });
    assertFalse(o.success());
    assertEquals("SMTP server gave no complete banner within 500 ms", o.reason());
    assertTrue(o.latencyMillis() < 5_000, "bounded by connect_timeout: " + o.latencyMillis());
  }

  @Test
  void aTricklingServerFailsAtItsStep(Vertx vertx) throws Exception {
    ProbeOutcome o = probe(vertx, sock -> {
      long id = vertx.setPeriodic(100, t -> sock.write("2"));
      sock.closeHandler(v -> vertx.cancelTimer(id));
    });
    assertFalse(o.success());
    assertEquals("SMTP server gave no complete banner within 500 ms", o.reason());
  }

  @Test
  void garbageResetsAndWrongCodes(Vertx vertx) throws Exception {
    assertEquals("not an SMTP reply: 'SSH-2.0-OpenSSH_9.2'",
        probe(vertx, sock -> sock.write("SSH-2.0-OpenSSH_9.2\r\n")).reason());
    assertEquals("SMTP server closed the connection before its banner", probe(vertx, NetSocket::close).reason());
    assertEquals("SMTP banner 421, not 220: '421 busy'", probe(vertx, sock -> sock.write(Buffer.buffer("421 busy\r\n"))).reason());
  }
}
