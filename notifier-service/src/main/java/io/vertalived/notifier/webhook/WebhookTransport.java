package io.vertalived.notifier.webhook;

import io.vertalived.core.config.model.Webhook;
import io.vertalived.notifier.delivery.Attempt;
import io.vertalived.notifier.delivery.Delivery;
import io.vertalived.notifier.delivery.Transport;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Posts deliveries to one webhook (docs/notifier.md): the payload in the webhook's format,
 * signed ({@link WebhookSignature}), with the delivery's {@code Idempotency-Key}, the event type,
 * and the configured headers. The status decides ({@link HttpVerdict}); redirects are not
 * followed. The whole exchange up to the status line has the webhook's timeout; the body of the
 * answer is read and dropped in the background, its connection closed beyond {@value #MAX_BODY}
 * bytes, so a slow or oversized answer holds nothing up.
 */
public final class WebhookTransport implements Transport {
  static final int MAX_BODY = 64 * 1024;
  private final Vertx vertx;
  private final HttpClient client;
  private final Webhook hook;
  private final String version;

  public WebhookTransport(Vertx vertx, HttpClient client, Webhook hook, String version) {
    this.vertx = vertx;
    this.client = client;
    this.hook = hook;
    this.version = version;
  }

  @Override
  public Future<Attempt> send(Delivery d) {
    byte[] body = WebhookPayload.body(hook.format(), d.event()).getBytes(StandardCharsets.UTF_8);
    long now = Instant.now().getEpochSecond();
    long timeoutMs = Math.max(1, (long) (hook.timeout() * 1000));
    RequestOptions o = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(hook.url().value())
        .setFollowRedirects(false).setConnectTimeout(timeoutMs).setIdleTimeout(timeoutMs)
        .putHeader("Content-Type", "application/json").putHeader("User-Agent", "vertalived/" + version)
        .putHeader("Idempotency-Key", d.key()).putHeader("X-Vertalived-Event", d.event().type())
        .putHeader(WebhookSignature.TIMESTAMP, Long.toString(now))
        .putHeader(WebhookSignature.SIGNATURE, WebhookSignature.sign(hook.secret().value(), now, body));
    hook.headers().forEach(h -> o.addHeader(h.name(), h.value()));
    Promise<Attempt> out = Promise.promise();
    long deadline = vertx.setTimer(timeoutMs, t -> out.tryComplete(Attempt.Failed.retry(
        "no answer within " + hook.timeout() + " s")));
    Future<HttpClientResponse> answer;
    try {
      answer = client.request(o).compose(req -> {
        out.future().onComplete(x -> {
          if (!req.response().isComplete()) {
            // the deadline passed first: give the connection up
            req.reset();
          }
        });
        return req.send(Buffer.buffer(body));
      });
    } catch (RuntimeException e) {
      vertx.cancelTimer(deadline);
      return Future.succeededFuture(Attempt.Failed.refused("invalid request: " + e.getMessage()));
    }
    answer.onComplete(ar -> {
      vertx.cancelTimer(deadline);
      if (ar.failed()) {
        out.tryComplete(Attempt.Failed.retry(describe(ar.cause())));
        return;
      }
      HttpClientResponse r = ar.result();
      out.tryComplete(HttpVerdict.of(r.statusCode(), r.statusMessage(), r.getHeader("Retry-After"), r.getHeader("Location"),
          Instant.now()));
      drain(r);
    });
    return out.future();
  }

  /** Reads and drops the answer's body; beyond {@value #MAX_BODY} bytes the connection is closed. */
  private static void drain(HttpClientResponse r) {
    long[] read = {0};
    r.handler(b -> {
      read[0] += b.length();
      if (read[0] > MAX_BODY) {
        r.handler(null);
        r.request().connection().close();
      }
    });
    r.exceptionHandler(e -> { });
  }

  /** A failure in words, without the URL's path or query (they may be the secret). */
  static String describe(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      String m = c.getMessage() == null ? "" : c.getMessage();
      if (c instanceof java.net.UnknownHostException) {
        int q = m.indexOf('\'');
        int q2 = q < 0 ? -1 : m.indexOf('\'', q + 1);
        return "cannot resolve " + (q2 > q ? m.substring(q + 1, q2) : m.replaceFirst(":.*", ""));
      }
      if (c instanceof javax.net.ssl.SSLException) {
        return "TLS failed: " + m;
      }
      if (c instanceof java.net.ConnectException) {
        return "connection refused" + (m.contains(":") ? " (" + m.substring(m.indexOf(':') + 1).strip() + ")" : "");
      }
      if (c instanceof io.netty.channel.ConnectTimeoutException) {
        return "connection timed out";
      }
      if (c instanceof io.vertx.core.http.HttpClosedException) {
        return "the endpoint closed the connection";
      }
    }
    String m = e.getMessage() == null ? "" : e.getMessage();
    return e.getClass().getSimpleName() + (m.isEmpty() ? "" : ": " + m);
  }

  @Override
  public String toString() {
    return "webhook " + hook.name() + " (" + hook.displayUrl() + ")";
  }
}
