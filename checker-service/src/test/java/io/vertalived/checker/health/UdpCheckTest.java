package io.vertalived.checker.health;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.config.model.Checker;
import io.vertalived.core.config.model.CheckerSettings;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** UDP_CHECK: hex and wildcard rules, a responder, a closed port (ICMP unreachable) on loopback. */
@ExtendWith(VertxExtension.class)
class UdpCheckTest {
  private static final CheckerSettings SETTINGS =
      new CheckerSettings(null, 0, null, null, 0, 0, 0.5, 1, 1, 0, 1, false, false);

  @Test
  void hexAndPatterns() {
    assertArrayEquals(new byte[] {0x01, (byte) 0xab, 0x7f}, UdpProbe.hex("01 ab7F"));
    byte[] reply = {0x12, 0x34, 0x56};
    assertNull(UdpProbe.judgeReply(reply, 3, "12X4", 0, 255));
    assertEquals("UDP reply does not match require_reply at byte 1", UdpProbe.judgeReply(reply, 3, "1235", 0, 255));
    assertEquals("UDP reply of 3 bytes is outside 4..255", UdpProbe.judgeReply(reply, 3, "", 4, 255));
  }

  private static ProbeOutcome probe(Vertx vertx, String requireReply, int port) throws Exception {
    Checker.UdpCheck check = new Checker.UdpCheck(SETTINGS, "cafe", requireReply, 0, 255);
    return new UdpProbe(vertx, check, "127.0.0.1", port).probe().await(10, TimeUnit.SECONDS);
  }

  @Test
  void againstARealResponderAndAClosedPort(Vertx vertx) throws Exception {
    DatagramSocket echo = vertx.createDatagramSocket();
    echo.handler(p -> echo.send(Buffer.buffer(new byte[] {(byte) 0xca, (byte) 0xfe, 0x00}), p.sender().port(), p.sender().host()));
    echo.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    int port = echo.localAddress().port();
    try {
      ProbeOutcome ok = probe(vertx, "caXe", port);
      assertTrue(ok.success(), ok.reason());
      assertEquals("UDP reply does not match require_reply at byte 0", probe(vertx, "beef", port).reason());
    } finally {
      echo.close().await(10, TimeUnit.SECONDS);
    }
    // a port closed for sure: a plain socket's close is done when it returns (the echo socket's
    // asynchronous close above left it open for a moment in one run of five)
    int closedPort;
    try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, java.net.InetAddress.getByName("127.0.0.1"))) {
      closedPort = s.getLocalPort();
    }
    ProbeOutcome closed = probe(vertx, null, closedPort);
    assertEquals("ICMP port unreachable from 127.0.0.1:" + closedPort, closed.reason());
    DatagramSocket silent = vertx.createDatagramSocket();
    silent.handler(p -> { });
    silent.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    try {
      assertTrue(probe(vertx, null, silent.localAddress().port()).success(), "no ICMP error and no reply required: up");
      assertTrue(probe(vertx, "", silent.localAddress().port()).reason().startsWith("no UDP reply from"));
    } finally {
      silent.close().await(10, TimeUnit.SECONDS);
    }
  }
}
