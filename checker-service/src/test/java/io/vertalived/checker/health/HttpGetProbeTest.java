package io.vertalived.checker.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.config.model.Checker;
import io.vertalived.core.config.model.CheckerSettings;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.VertxOptions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP_GET against servers on loopback started by the test: keepalived's request, the URL rules, hostile servers. On
 * Netty's epoll, as the checker runs on Linux ({@link EpollHttpExchange}); {@link HttpGetProbeOnChannelTest} runs
 * the same on a Netty channel (no native transport, and TLS's path).
 */
class HttpGetProbeTest {
  Vertx vertx;

  /** Whether Vert.x runs its native transport (epoll) here. */
  boolean nativeTransport() {
    return true;
  }

  @BeforeEach
  void start() {
    vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(nativeTransport()));
    assertEquals(nativeTransport(), vertx.isNativeTransportEnabled(),
        "Netty's epoll loads on Linux: " + vertx.unavailableNativeTransportCause());
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static final CheckerSettings SETTINGS =
      new CheckerSettings(null, 0, null, null, 0, 0, 0.5, 1, 1, 0, 1, false, false);
  private static final List<int[]> OK = List.of(new int[] {200, 299});

  private static Checker.HttpGet check(String protocol, Checker.Url... urls) {
    return new Checker.HttpGet(SETTINGS, false, List.of(urls), protocol, null, false, false, null, false);
  }

  private static Checker.Url url(String path, String digest, String regex) {
    return new Checker.Url(path, digest, OK, null, regex, false);
  }

  private static ProbeOutcome probe(Vertx vertx, Checker.HttpGet check, Handler<NetSocket> server) throws Exception {
    NetServer s = vertx.createNetServer().connectHandler(server).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    try {
      HttpGetProbe p = new HttpGetProbe(vertx, check, null, "127.0.0.1", s.actualPort());
      assertEquals(vertx.isNativeTransportEnabled(), p.onEpoll(), "plain HTTP on the event loop's epoll where it runs");
      ProbeOutcome o = p.probe().await(15, TimeUnit.SECONDS);
      p.close();
      return o;
    } finally {
      s.close().await(10, TimeUnit.SECONDS);
    }
  }

  /** Answers every request with {@code response} once the request head has arrived, then closes. */
  private static Handler<NetSocket> answering(String response, StringBuilder heard) {
    return sock -> sock.handler(b -> {
      heard.append(b.toString());
      if (heard.toString().contains("\r\n\r\n")) {
        sock.write(Buffer.buffer(response)).onComplete(x -> sock.close());
      }
    });
  }

  @Test
  void keepalivedsRequestAndAPassingUrl() throws Exception {
    StringBuilder heard = new StringBuilder();
    ProbeOutcome o = probe(vertx, check("1.0", url("/health", "5d41402abc4b2a76b9719d911017c592", "^hel")),
        answering("HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nhello", heard));
    assertTrue(o.success(), o.reason());
    assertTrue(heard.toString().matches("GET /health HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nHost: 127.0.0.1:\\d+\r\n\r\n"),
        heard.toString());
    StringBuilder heard11 = new StringBuilder();
    probe(vertx, check("1.1", url("/", null, null)), answering("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", heard11));
    assertTrue(heard11.toString().startsWith("GET / HTTP/1.1\r\nUser-Agent: KeepAliveClient\r\nConnection: close\r\n"), heard11.toString());
  }

  @Test
  void urlRules() throws Exception {
    assertEquals("/: HTTP status 503 not in 200-299",
        probe(vertx, check("1.0", url("/", null, null)), answering("HTTP/1.0 503 Busy\r\n\r\n", new StringBuilder())).reason());
    assertEquals("/: HTTP status 301 not in 200-299", probe(vertx, check("1.0", url("/", null, null)),
        answering("HTTP/1.0 301 Moved\r\nLocation: /elsewhere\r\n\r\n", new StringBuilder())).reason(), "redirects are not followed");
    assertEquals("/: MD5 digest of the body 5d41402abc4b2a76b9719d911017c592 is not 00000000000000000000000000000000",
        probe(vertx, check("1.0", url("/", "00000000000000000000000000000000", null)),
            answering("HTTP/1.0 200 OK\r\n\r\nhello", new StringBuilder())).reason());
    assertEquals("/b: regex 'ready' did not match", probe(vertx, check("1.0", url("/a", null, null), url("/b", null, "ready")),
        answering("HTTP/1.0 200 OK\r\n\r\nstarting", new StringBuilder())).reason(), "every URL must pass");
  }

  /** Spec 7.4: while DOWN, one URL per check unless fast_recovery; a failing URL starts over. */
  @Test
  void recoveryChecksOneUrlPerDelayLoopUnlessFastRecovery() throws Exception {
    java.util.concurrent.atomic.AtomicInteger status = new java.util.concurrent.atomic.AtomicInteger(200);
    List<String> paths = new java.util.concurrent.CopyOnWriteArrayList<>();
    NetServer s = vertx.createNetServer().connectHandler(sock -> {
      StringBuilder heard = new StringBuilder();
      sock.handler(b -> {
        heard.append(b.toString());
        if (heard.toString().contains("\r\n\r\n")) {
          paths.add(heard.toString().split(" ")[1]);
          sock.write(Buffer.buffer("HTTP/1.0 " + status.get() + " X\r\n\r\n")).onComplete(x -> sock.close());
        }
      });
    }).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    try {
      List<Checker.Url> urls = List.of(url("/a", null, null), url("/b", null, null), url("/c", null, null));
      HttpGetProbe slow = new HttpGetProbe(vertx, new Checker.HttpGet(SETTINGS, false, urls, "1.0", null, false, false,
          null, false), null, "127.0.0.1", s.actualPort());
      ProbeOutcome first = slow.probe(true).await(10, TimeUnit.SECONDS);
      assertFalse(first.success());
      assertTrue(first.reason().startsWith("/a passed (1 of 3 URLs while recovering"), first.reason());
      assertFalse(slow.probe(true).await(10, TimeUnit.SECONDS).success());
      status.set(500);
      assertEquals("/c: HTTP status 500 not in 200-299", slow.probe(true).await(10, TimeUnit.SECONDS).reason());
      status.set(200);
      assertFalse(slow.probe(true).await(10, TimeUnit.SECONDS).success(), "a failure starts the round again at /a");
      assertFalse(slow.probe(true).await(10, TimeUnit.SECONDS).success());
      assertTrue(slow.probe(true).await(10, TimeUnit.SECONDS).success());
      assertEquals(List.of("/a", "/b", "/c", "/a", "/b", "/c"), paths);
      paths.clear();
      HttpGetProbe fast = new HttpGetProbe(vertx, new Checker.HttpGet(SETTINGS, false, urls, "1.0", null, true, false,
          null, false), null, "127.0.0.1", s.actualPort());
      assertTrue(fast.probe(true).await(10, TimeUnit.SECONDS).success());
      assertEquals(List.of("/a", "/b", "/c"), paths, "fast_recovery: every URL in one check");
    } finally {
      s.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void bindtoAndBindPortSetTheSource() throws Exception {
    int sourcePort;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      sourcePort = free.getLocalPort();
    }
    var bound = new CheckerSettings(null, 0, new io.vertalived.core.config.model.IpAddress(
        java.net.InetAddress.getByName("127.0.0.1")), null, sourcePort, 0, 0.5, 1, 1, 0, 1, false, false);
    StringBuilder heard = new StringBuilder();
    java.util.List<Integer> sources = new java.util.ArrayList<>();
    Handler<NetSocket> server = sock -> {
      sources.add(sock.remoteAddress().port());
      answering("HTTP/1.0 200 OK\r\n\r\n", heard).handle(sock);
    };
    var check = new Checker.HttpGet(bound, false, List.of(url("/a", null, null)), "1.0", null, false, false, null, false);
    ProbeOutcome o = probe(vertx, check, server);
    assertTrue(o.success(), o.reason());
    assertEquals(List.of(sourcePort), sources, "the connection comes from bind_port");
  }

  @Test
  void hostileServers() throws Exception {
    ProbeOutcome silent = probe(vertx, check("1.0", url("/", null, null)), sock -> { });
    assertEquals("/: no data for 500 ms", silent.reason());
    ProbeOutcome trickle = probe(vertx, check("1.0", url("/", "00000000000000000000000000000000", null)), sock -> {
      long id = vertx.setPeriodic(100, t -> sock.write("x"));
      sock.closeHandler(v -> vertx.cancelTimer(id));
    });
    assertEquals("/: no complete response within 1500 ms", trickle.reason());
    ProbeOutcome huge = probe(vertx, check("1.0", url("/", "00000000000000000000000000000000", null)), sock -> sock.handler(b -> {
      sock.write("HTTP/1.0 200 OK\r\nContent-Length: 1073741824\r\n\r\n");
    }));
    assertEquals("/: HTTP body of 1073741824 bytes is larger than 67108864", huge.reason());
    assertEquals("/: not an HTTP status line: 'garbage'", probe(vertx, check("1.0", url("/", null, null)),
        answering("garbage\r\n", new StringBuilder())).reason());
    ProbeOutcome reset = probe(vertx, check("1.0", url("/", null, null)), NetSocket::close);
    assertFalse(reset.success());
    assertEquals("/: connection closed before an HTTP status line", reset.reason());
  }

  /**
   * No connection is the URL's failure in the connection's words; a check that reads no body passes at the end of the
   * head, whatever the headers say of a body (here one that never ends).
   */
  @Test
  void aRefusedConnectionAndAHeadWithoutItsBody() throws Exception {
    int closed;
    try (java.net.ServerSocket gone = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = gone.getLocalPort();
    }
    HttpGetProbe p = new HttpGetProbe(vertx, check("1.0", url("/", null, null)), null, "127.0.0.1", closed);
    ProbeOutcome refused = p.probe().await(15, TimeUnit.SECONDS);
    assertFalse(refused.success());
    assertEquals("/: connection to 127.0.0.1:" + closed + " failed: Connection refused", refused.reason());
    ProbeOutcome head = probe(vertx, check("1.1", url("/", null, null)), sock -> sock.handler(b -> {
      sock.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n"
          + "Content-Length: 99\r\nConnection: close\r\n\r\nfffff\r\nxx");
    }));
    assertTrue(head.success(), head.reason());
    assertEquals("1 URL passed", head.reason());
  }

  /** A server that answers (and closes) as soon as it accepts, and a request larger than one write takes. */
  @Test
  void anAnswerBeforeTheRequestAndALongRequest() throws Exception {
    ProbeOutcome early = probe(vertx, check("1.0", url("/", "5d41402abc4b2a76b9719d911017c592", null)),
        sock -> sock.write("HTTP/1.0 200 OK\r\n\r\nhello").onComplete(x -> sock.close()));
    assertTrue(early.success(), "the body runs to the close, which came with it: " + early.reason());
    String path = "/" + "a".repeat(200_000);
    StringBuilder heard = new StringBuilder();
    ProbeOutcome longRequest = probe(vertx, check("1.0", url(path, null, null)),
        answering("HTTP/1.0 200 OK\r\n\r\n", heard));
    String why = longRequest.reason();
    assertTrue(longRequest.success(), why.substring(Math.max(0, why.length() - 200)));
    assertTrue(heard.toString().startsWith("GET " + path + " HTTP/1.0\r\n"), "the whole request arrived");
  }
}
