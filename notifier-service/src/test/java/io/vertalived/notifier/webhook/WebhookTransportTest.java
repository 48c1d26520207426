package io.vertalived.notifier.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.config.model.Secret;
import io.vertalived.core.config.model.Webhook;
import io.vertalived.notifier.delivery.Attempt;
import io.vertalived.notifier.delivery.Delivery;
import io.vertalived.notifier.event.Events;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhook requests against a real HTTP receiver on loopback that checks the signature, and
 * answers 2xx, 429 with Retry-After, a redirect, an endless body, or nothing at all; an endpoint
 * that is down and one whose host does not resolve.
 */
class WebhookTransportTest {
  private Vertx vertx;
  private HttpClient client;
  private HttpServer server;
  private volatile Consumer<HttpServerRequest> answer;
  private final List<String> received = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    client = vertx.createHttpClient();
    server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      long t = Long.parseLong(req.getHeader(WebhookSignature.TIMESTAMP));
      boolean signed = WebhookSignature.verify("s3cret", t, body.getBytes(), req.getHeader(WebhookSignature.SIGNATURE));
      received.add((signed ? "signed " : "UNSIGNED ") + req.path() + " " + req.getHeader("Idempotency-Key") + " "
          + req.getHeader("X-Vertalived-Event") + " " + req.getHeader("X-Team") + " " + body);
      answer.accept(req);
    })).listen(0, "127.0.0.1").await(5, TimeUnit.SECONDS);
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private Webhook hook(String url, Webhook.Format format, double timeout) {
    return new Webhook("ops", new Secret(url), "http://127.0.0.1/...", new Secret("s3cret"), format, Webhook.DEFAULT_EVENTS,
        java.util.Set.of(), java.util.Set.of(), timeout, List.of(new Webhook.Header("X-Team", "ops")), Webhook.Retry.DEFAULT);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  private Attempt send(Webhook w) throws Exception {
    Delivery d = Delivery.of("0f1e2d3c-aaaa", "ops", Events.transition(42, "VI_1", "BACKUP", "MASTER", 150));
    return new WebhookTransport(vertx, client, w, "test").send(d).await(10, TimeUnit.SECONDS);
  }

  @Test
  void aSignedPostWithItsIdempotencyKeyIsDelivered() throws Exception {
    answer = req -> req.response().setStatusCode(204).end();
    assertEquals(new Attempt.Delivered("HTTP 204 No Content"), send(hook(url("/hook/T0/SECRET"), Webhook.Format.JSON, 5)));
    assertEquals(1, received.size());
    String r = received.get(0);
    assertTrue(r.startsWith("signed /hook/T0/SECRET 0f1e2d3c.42.ops vrrp_transition ops {"), r);
    JsonObject body = new JsonObject(r.substring(r.indexOf('{')));
    assertEquals("MASTER", body.getString("to"));
    assertEquals(42, body.getLong("id"));
  }

  @Test
  void slackGetsItsText() throws Exception {
    answer = req -> req.response().end("ok");
    assertInstanceOf(Attempt.Delivered.class, send(hook(url("/slack"), Webhook.Format.SLACK, 5)));
    assertTrue(received.get(0).endsWith("{\"text\":\"[lb1] VRRP Instance VI_1 BACKUP -> MASTER (priority 150): master down"
        + " timer expired\"}"), received.get(0));
  }

  @Test
  void tooManyRequestsIsRetriedAfterWhatTheEndpointSays() throws Exception {
    answer = req -> req.response().setStatusCode(429).putHeader("Retry-After", "3").end();
    Attempt.Failed f = (Attempt.Failed) send(hook(url("/"), Webhook.Format.JSON, 5));
    assertTrue(f.retryable());
    assertEquals(Duration.ofSeconds(3), f.retryAfter());
    assertEquals("HTTP 429 Too Many Requests", f.reason());
  }

  @Test
  void aRedirectIsRefusedWithoutFollowingIt() throws Exception {
    answer = req -> req.response().setStatusCode(301).putHeader("Location", url("/elsewhere/token")).end();
    Attempt.Failed f = (Attempt.Failed) send(hook(url("/"), Webhook.Format.JSON, 5));
    assertFalse(f.retryable());
    assertEquals("HTTP 301 Moved Permanently: redirect to http://127.0.0.1:" + server.actualPort()
        + "/... not followed (configure the final url)", f.reason());
    assertEquals(1, received.size(), "not followed");
  }

  @Test
  void anEndpointThatNeverAnswersTimesOut() throws Exception {
    answer = req -> { };
    long t0 = System.nanoTime();
    Attempt.Failed f = (Attempt.Failed) send(hook(url("/"), Webhook.Format.JSON, 0.3));
    assertTrue(f.retryable());
    assertEquals("no answer within 0.3 s", f.reason());
    assertTrue(System.nanoTime() - t0 < 5_000_000_000L);
  }

  @Test
  void anEndlessAnswerDoesNotHoldTheDeliveryUp() throws Exception {
    answer = req -> {
      req.response().setChunked(true).setStatusCode(200);
      long[] timer = {0};
      timer[0] = vertx.setPeriodic(1, id -> {
        if (req.response().closed()) {
          vertx.cancelTimer(id);
        } else {
          req.response().write(Buffer.buffer(new byte[16 * 1024]));
        }
      });
    };
    assertEquals(new Attempt.Delivered("HTTP 200 OK"), send(hook(url("/"), Webhook.Format.JSON, 5)));
  }

  @Test
  void aDownEndpointIsRetried() throws Exception {
    int port = server.actualPort();
    server.close().await(5, TimeUnit.SECONDS);
    Attempt.Failed down = (Attempt.Failed) send(hook("http://127.0.0.1:" + port + "/hook", Webhook.Format.JSON, 5));
    assertTrue(down.retryable());
    assertTrue(down.reason().startsWith("connection refused"), down.reason());
    assertFalse(down.reason().contains("/hook"), "no path in the reason");
  }

  @Test
  void aCertificateTheJvmDoesNotTrustFailsTheTlsHandshakeAndIsRetried() throws Exception {
    byte[] p12 = WebhookTransportTest.class.getResourceAsStream("/tls/smtp.p12").readAllBytes();
    HttpServer tls = vertx.createHttpServer(new io.vertx.core.http.HttpServerOptions().setSsl(true)
        .setKeyCertOptions(new io.vertx.core.net.PfxOptions().setValue(Buffer.buffer(p12)).setPassword("changeit")))
        .requestHandler(req -> req.response().end()).listen(0, "127.0.0.1").await(5, TimeUnit.SECONDS);
    Attempt.Failed f = (Attempt.Failed) send(hook("https://127.0.0.1:" + tls.actualPort() + "/hook", Webhook.Format.JSON, 5));
    assertTrue(f.retryable());
    assertTrue(f.reason().startsWith("TLS failed: "), f.reason());
  }

  @Test
  void aHostThatDoesNotResolveIsRetried() throws Exception {
    // a resolver on loopback where nothing listens: no query leaves this machine
    Vertx resolving = Vertx.vertx(new io.vertx.core.VertxOptions().setAddressResolverOptions(
        new io.vertx.core.dns.AddressResolverOptions().addServer("127.0.0.1:1").setQueryTimeout(300).setMaxQueries(1)
            .setHostsValue(Buffer.buffer("127.0.0.1 localhost\n"))));
    try {
      Delivery d = Delivery.of("0f1e2d3c-aaaa", "ops", Events.transition(42, "VI_1", "BACKUP", "MASTER", 150));
      Attempt.Failed unknown = (Attempt.Failed) new WebhookTransport(resolving, resolving.createHttpClient(),
          hook("http://receiver.vertalived.test/hook", Webhook.Format.JSON, 5), "test").send(d).await(10, TimeUnit.SECONDS);
      assertTrue(unknown.retryable());
      assertTrue(unknown.reason().startsWith("cannot resolve receiver.vertalived.test"), unknown.reason());
    } finally {
      resolving.close().await(10, TimeUnit.SECONDS);
    }
  }
}
