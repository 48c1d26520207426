package io.vertalived.checker.health;

import io.vertalived.core.config.model.Checker;
import io.vertalived.core.config.model.CheckerSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;

/**
 * keepalived's {@code genhash}: fetches a URL exactly as {@code HTTP_GET} will and answers the
 * MD5 of its body, the value to paste into {@code digest}.
 */
public final class GenHash {
  private GenHash() {}

  /** The response's status and the MD5 (lower-case hex) of its body. */
  public record Digest(int status, String md5) {}

  /**
   * The digest, or a failed future saying why there is none. With {@code ssl} the URL is fetched
   * over TLS (SNI: the virtualhost), taking any certificate, as keepalived's genhash does.
   */
  public static Future<Digest> md5(Vertx vertx, String ip, int port, String path, String virtualhost,
                                   String httpProtocol, double timeoutSeconds, boolean ssl) {
    CheckerSettings s = new CheckerSettings(null, 0, null, null, 0, 0, timeoutSeconds, 0, 0, 0, timeoutSeconds, false, false);
    Checker.Url url = new Checker.Url(path, null, List.of(new int[] {100, 599}), virtualhost, null, false);
    Checker.HttpGet check = new Checker.HttpGet(s, ssl, List.of(url), httpProtocol, null, false,
        ssl && virtualhost != null, null, false);
    HttpGetProbe probe = new HttpGetProbe(vertx, check, null, false, ip, port);
    return probe.fetch(url, true, false)
        .compose(r -> r.failure() != null ? Future.failedFuture(r.failure()) : Future.succeededFuture(r))
        .map(r -> new Digest(r.status(), r.md5()))
        .onComplete(x -> probe.close());
  }
}
