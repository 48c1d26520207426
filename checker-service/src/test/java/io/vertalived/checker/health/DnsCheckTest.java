package io.vertalived.checker.health;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.config.model.CheckerSettings;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** DNS_CHECK: the query bytes, the reply rules, and a responder on loopback started by the test. */
@ExtendWith(VertxExtension.class)
class DnsCheckTest {
  private static final CheckerSettings SETTINGS =
      new CheckerSettings(null, 0, null, null, 0, 0, 0.5, 3, 1, 0, 1, false, false);

  @Test
  void queryBytes() {
    assertArrayEquals(new byte[] {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
        7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0, 0, 6, 0, 1}, DnsQuery.encode(0x1234, "example.", "SOA"));
    assertArrayEquals(new byte[] {0, 1, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 28, 0, 1}, DnsQuery.encode(1, ".", "aaaa"));
    assertEquals("DNS type 'SRV' is not one of " + DnsQuery.TYPES.keySet(),
        assertThrows(IllegalArgumentException.class, () -> DnsQuery.encode(1, ".", "SRV")).getMessage());
  }

  @Test
  void replyRules() {
    byte[] ok = {0x12, 0x34, (byte) 0x81, (byte) 0x80, 0, 1, 0, 0, 0, 0, 0, 0};
    assertNull(DnsQuery.verify(ok, ok.length, 0x1234));
    assertEquals("DNS reply ID 4660 does not match query ID 1", DnsQuery.verify(ok, ok.length, 1));
    byte[] nx = {0x12, 0x34, (byte) 0x81, (byte) 0x83, 0, 1, 0, 0, 0, 0, 0, 0};
    assertEquals("DNS RCODE NXDOMAIN", DnsQuery.verify(nx, nx.length, 0x1234));
    byte[] query = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0};
    assertEquals("DNS reply has QR unset (a query, not a response)", DnsQuery.verify(query, query.length, 0x1234));
    assertEquals("DNS reply of 3 bytes is shorter than a header", DnsQuery.verify(ok, 3, 0x1234));
  }

  /** A responder that answers each query with {@code answer(query)} (null: stays silent). */
  private static ProbeOutcome probe(Vertx vertx, Function<byte[], byte[]> answer) throws Exception {
    DatagramSocket server = vertx.createDatagramSocket();
    server.handler(p -> {
      byte[] reply = answer.apply(p.data().getBytes());
      if (reply != null) {
        server.send(Buffer.buffer(reply), p.sender().port(), p.sender().host());
      }
    });
    server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    try {
      return new DnsProbe(vertx, SETTINGS, "SOA", ".", "127.0.0.1", server.localAddress().port())
          .probe().await(10, TimeUnit.SECONDS);
    } finally {
      server.close().await(10, TimeUnit.SECONDS);
    }
  }

  private static byte[] respond(byte[] q, int flags) {
    byte[] r = q.clone();
    r[2] = (byte) (flags >> 8);
    r[3] = (byte) flags;
    return r;
  }

  @Test
  void againstAResponder(Vertx vertx) throws Exception {
    ProbeOutcome good = probe(vertx, q -> respond(q, 0x8180));
    assertTrue(good.success(), good.reason());
    assertEquals("DNS RCODE SERVFAIL", probe(vertx, q -> respond(q, 0x8182)).reason());
    ProbeOutcome silent = probe(vertx, q -> null);
    assertFalse(silent.success());
    assertTrue(silent.reason().startsWith("no DNS reply from 127.0.0.1:"), silent.reason());
    assertTrue(silent.reason().endsWith("within 500 ms"), silent.reason());
    assertEquals("DNS reply of 5 bytes is shorter than a header", probe(vertx, q -> new byte[5]).reason());
  }
}
