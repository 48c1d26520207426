package io.vertalived.gateway.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Who may do what (docs/api.md "Security"): actions always need one of the operator's bearer
 * tokens, and are refused (403) when none is configured; reads are open unless the operator
 * asked for tokens there too. Tokens are compared in constant time (the digests of both sides,
 * so that not even the length leaks).
 */
public final class AccessControl {
  private final List<byte[]> tokenDigests;
  private final boolean readNeedsToken;

  public AccessControl(List<String> tokens, boolean readNeedsToken) {
    this.tokenDigests = tokens.stream().map(AccessControl::digest).toList();
    this.readNeedsToken = readNeedsToken;
  }

  /** For a read endpoint. */
  public Handler<RoutingContext> read() {
    return rc -> {
      if (!readNeedsToken || authorized(rc)) {
        rc.next();
      }
    };
  }

  /** For an action. */
  public Handler<RoutingContext> action() {
    return rc -> {
      if (tokenDigests.isEmpty()) {
        ApiError.send(rc, 403, "forbidden", "actions are disabled: no API token is configured"
            + " (VERTALIVED_API_TOKEN or VERTALIVED_API_TOKEN_FILE)");
      } else if (authorized(rc)) {
        rc.next();
      }
    };
  }

  /** True when the request carries a known token; otherwise answers 401 and returns false. */
  private boolean authorized(RoutingContext rc) {
    String header = rc.request().getHeader("Authorization");
    String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : null;
    if (token != null && !token.isEmpty()) {
      byte[] given = digest(token);
      boolean match = false;
      for (byte[] known : tokenDigests) {
        match |= MessageDigest.isEqual(known, given);
      }
      if (match) {
        return true;
      }
    }
    rc.response().putHeader("WWW-Authenticate", token == null ? "Bearer realm=\"vertalived\""
        : "Bearer realm=\"vertalived\", error=\"invalid_token\"");
    ApiError.send(rc, 401, "unauthorized", token == null ? "this endpoint needs a bearer token (Authorization: Bearer ...)"
        : "the bearer token is not one of the operator's");
    return false;
  }

  private static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256 in this JVM", e);
    }
  }
}
