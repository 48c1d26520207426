package io.vertalived.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.bus.BusCodecs;
import io.vertalived.core.bus.RealServerState;
import io.vertalived.core.bus.VrrpTransition;
import io.vertalived.core.journal.MemoryJournal;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The SSE stream of one gateway over its journal: live events with their ids; a replay from
 * {@code Last-Event-ID} after a disconnect; a gap event when the journal overflowed; a reset
 * for an id beyond it; filters; a client that does not read is dropped while another gets every
 * event; a thousand clients at once; errors as JSON; health.
 */
class EventStreamTest {
  private Vertx vertx;
  private MemoryJournal journal;
  private GatewayVerticle gateway;
  private HttpClient http;

  private void start(int capacity, long heartbeatMillis) throws Exception {
    vertx = Vertx.vertx();
    BusCodecs.register(vertx);
    journal = new MemoryJournal(capacity);
    gateway = new GatewayVerticle(new GatewaySettings("127.0.0.1", 0, heartbeatMillis), io.vertalived.gateway.api.ApiRouter.document(),
        () -> null, null, v -> journal);
    vertx.deployVerticle(gateway).await(10, TimeUnit.SECONDS);
    http = vertx.createHttpClient(new HttpClientOptions(), new PoolOptions().setHttp1MaxSize(1100));
    long until = System.nanoTime() + 10_000_000_000L;
    while (gateway.feed().position() < 0 && System.nanoTime() < until) {
      Thread.sleep(5);
    }
  }

  @AfterEach
  void tearDown() throws Exception {
    if (vertx != null) {
      vertx.close().await(20, TimeUnit.SECONDS);
    }
  }

  private long transition(String instance, String to) {
    return journal.append(new VrrpTransition("lb1", "b1", 1, Instant.now(), instance, false, "BACKUP", to, 100,
        "master down timer expired")).result();
  }

  @Test
  void liveEventsCarryTheirJournalIds() throws Exception {
    start(1000, 60_000);
    SseClient c = SseClient.connect(http, gateway.port(), "/api/events", null);
    assertEquals("text/event-stream; charset=utf-8", c.response.getHeader("Content-Type"));
    awaitClients(1);
    transition("VI_1", "MASTER");
    transition("VI_2", "FAULT");
    SseClient.Frame f = c.next();
    assertEquals("1", f.id());
    assertEquals("vrrp_transition", f.event());
    assertEquals("VI_1", f.data().getString("instance"));
    assertEquals("MASTER", f.data().getString("to"));
    assertEquals("2", c.next().id());
  }

  @Test
  void aClientThatComesBackWithItsLastIdMissesNothing() throws Exception {
    start(1000, 60_000);
    transition("VI_1", "MASTER");
    transition("VI_1", "BACKUP");
    SseClient first = SseClient.connect(http, gateway.port(), "/api/events?since=0", null);
    assertEquals("1", first.next().id());
    assertEquals("2", first.next().id());
    first.close();
    for (int i = 0; i < 3; i++) {
      transition("VI_2", "MASTER");
    }
    SseClient again = SseClient.connect(http, gateway.port(), "/api/events", "2");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(again.next().id());
    }
    assertEquals(List.of("3", "4", "5"), ids, "the gap replayed exactly");
    awaitClients(1);
    transition("VI_3", "MASTER");
    assertEquals("6", again.next().id(), "then live");
  }

  @Test
  void aPositionTheJournalNoLongerHoldsIsAGapEvent() throws Exception {
    start(5, 60_000);
    for (int i = 0; i < 10; i++) {
      transition("VI_" + i, "MASTER");
    }
    SseClient c = SseClient.connect(http, gateway.port(), "/api/events", "1");
    SseClient.Frame gap = c.next();
    assertEquals("gap", gap.event());
    assertEquals(null, gap.id());
    assertEquals(4, gap.data().getLong("missed"), "ids 2 to 5 are gone");
    assertEquals(6, gap.data().getLong("oldest"));
    assertEquals("6", c.next().id());
  }

  @Test
  void anIdBeyondTheJournalIsAReset() throws Exception {
    start(1000, 60_000);
    transition("VI_1", "MASTER");
    SseClient c = SseClient.connect(http, gateway.port(), "/api/events", "500");
    SseClient.Frame reset = c.next();
    assertEquals("reset", reset.event());
    assertEquals(500, reset.data().getLong("last_event_id"));
    assertEquals("1", c.next().id(), "the journal from its start");
  }

  @Test
  void filtersByTypeNodeAndInstance() throws Exception {
    start(1000, 60_000);
    journal.append(new RealServerState("lb1", "b1", 1, Instant.now(), "[198.18.0.1]:tcp:80", "198.18.0.2:80", false, 0,
        "TCP_CHECK failed"));
    transition("VI_1", "MASTER");
    transition("VI_2", "MASTER");
    SseClient rs = SseClient.connect(http, gateway.port(), "/api/events?since=0&type=real_server", null);
    assertEquals("real_server", rs.next().event());
    SseClient vi = SseClient.connect(http, gateway.port(), "/api/events?since=0&instance=VI_2&node=lb1", null);
    assertEquals("3", vi.next().id());
    SseClient other = SseClient.connect(http, gateway.port(), "/api/events?since=0&node=lb2", null);
    awaitClients(3);
    transition("VI_2", "BACKUP");
    assertEquals("4", vi.next().id());
    assertTrue(rs.frames.isEmpty() && other.frames.isEmpty());
  }

  @Test
  void aClientThatDoesNotReadIsDroppedAndSlowsNobody() throws Exception {
    start(100_000, 60_000);
    SseClient fast = SseClient.connect(http, gateway.port(), "/api/events", null);
    try (Socket slow = new Socket()) {
      slow.setReceiveBufferSize(4096);
      slow.connect(new java.net.InetSocketAddress("127.0.0.1", gateway.port()));
      OutputStream out = slow.getOutputStream();
      out.write("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = slow.getInputStream();
      in.read(new byte[64]);
      awaitClients(2);
      // whatever the kernel's socket buffers hold, the one that does not read backs up at last,
      // while the one that reads gets every event in order
      int n = 0;
      int read = 0;
      while (gateway.feed().dropped() == 0 && n < 300_000) {
        for (int i = 0; i < 1000; i++) {
          n++;
          transition("VI_" + (n % 50), n % 2 == 0 ? "MASTER" : "BACKUP");
        }
        while (read < n) {
          read++;
          assertEquals(Integer.toString(read), fast.next().id());
        }
      }
      assertEquals(1, gateway.feed().dropped(), "the one that does not read");
      assertEquals(1, gateway.feed().clients());
    }
  }

  @Test
  void aThousandClientsGetEveryEvent() throws Exception {
    start(1000, 60_000);
    List<SseClient> clients = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      clients.add(SseClient.connect(http, gateway.port(), "/api/events", null));
    }
    awaitClients(1000);
    for (int i = 0; i < 5; i++) {
      transition("VI_1", i % 2 == 0 ? "MASTER" : "BACKUP");
    }
    for (SseClient c : clients) {
      for (int i = 1; i <= 5; i++) {
        assertEquals(Integer.toString(i), c.next().id());
      }
    }
  }

  @Test
  void heartbeatsKeepIdleStreamsOpen() throws Exception {
    start(1000, 50);
    SseClient c = SseClient.connect(http, gateway.port(), "/api/events", null);
    long until = System.nanoTime() + 10_000_000_000L;
    while (c.comments.size() < 2 && System.nanoTime() < until) {
      Thread.sleep(10);
    }
    assertTrue(c.comments.size() >= 2, c.comments.toString());
    assertEquals(": heartbeat", c.comments.get(0));
  }

  @Test
  void badRequestsAreJsonErrors() throws Exception {
    start(1000, 60_000);
    Reply bad = get("/api/events?since=abc");
    assertEquals(400, bad.status());
    assertEquals("bad_request", bad.body().toJsonObject().getString("code"));
    Reply typo = get("/api/events?type=real_servers");
    assertEquals(400, typo.status());
    assertTrue(typo.body().toJsonObject().getString("message").startsWith("unknown event type 'real_servers'"),
        typo.body().toString());
    Reply missing = get("/api/nothing");
    assertEquals(404, missing.status());
    assertEquals("not_found", missing.body().toJsonObject().getString("code"));
  }

  @Test
  void healthForProbes() throws Exception {
    start(1000, 60_000);
    for (String path : List.of("/health/live", "/health/ready")) {
      Reply r = get(path);
      assertEquals(200, r.status(), path + " " + r.body());
      assertEquals("UP", r.body().toJsonObject().getString("status"), path);
    }
  }

  private record Reply(int status, Buffer body) {}

  private Reply get(String path) throws Exception {
    var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create("http://127.0.0.1:" + gateway.port() + path)).timeout(java.time.Duration.ofSeconds(10)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    return new Reply(r.statusCode(), Buffer.buffer(r.body()));
  }

  private void awaitClients(int n) throws Exception {
    long until = System.nanoTime() + 10_000_000_000L;
    while (clientsOnContext() < n && System.nanoTime() < until) {
      Thread.sleep(5);
    }
    assertEquals(n, clientsOnContext());
  }

  private int clientsOnContext() {
    return gateway.feed().clients();
  }
}
