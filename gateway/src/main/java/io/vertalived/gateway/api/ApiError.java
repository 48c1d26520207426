package io.vertalived.gateway.api;

import io.vertalived.core.bus.BusFailure;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.validation.ValidatorException;
import java.util.logging.Logger;

/**
 * The API's errors: JSON with a {@code code} and a {@code message} in words, never a stack trace
 * (docs/api.md "Errors").
 */
public final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = Logger.getLogger("io.vertalived.gateway");
  private final int status;
  private final String code;
  private final transient JsonObject extra;

  public ApiError(int status, String code, String message) {
    this(status, code, message, null);
  }

  /** With more fields in the body ({@code results} of a refused reload). */
  public ApiError(int status, String code, String message, JsonObject extra) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.extra = extra;
  }

  /** Sends the error, unless the response has gone already. */
  public static void send(RoutingContext rc, int status, String code, String message) {
    send(rc, new ApiError(status, code, message));
  }

  public static void send(RoutingContext rc, ApiError e) {
    if (rc.response().headWritten()) {
      return;
    }
    JsonObject body = new JsonObject().put("code", e.code).put("message", e.getMessage());
    if (e.extra != null) {
      body.mergeIn(e.extra);
    }
    rc.response().setStatusCode(e.status).putHeader("Content-Type", "application/json").end(body.encode());
  }

  /**
   * What a failure means to the client: a request the document refuses is 400, a body over the
   * limit 413, a refusal from a service its own status; anything else 500, said in words and
   * logged.
   */
  public static ApiError of(Throwable t, int status) {
    if (t instanceof ApiError e) {
      return e;
    }
    if (t instanceof ValidatorException v) {
      return new ApiError(400, "bad_request", v.getMessage());
    }
    if (t instanceof BusFailure f) {
      return new ApiError(f.code(), code(f.code()), f.getMessage());
    }
    if (t instanceof ReplyException r) {
      if (r.failureType() == ReplyFailure.TIMEOUT) {
        return new ApiError(504, "timeout", "no answer in time: " + r.getMessage());
      }
      if (r.failureType() == ReplyFailure.NO_HANDLERS) {
        return new ApiError(404, "not_found", "no service answers there (" + r.getMessage() + ")");
      }
      int c = r.failureCode();
      if (c >= 400 && c < 600) {
        return new ApiError(c, code(c), r.getMessage());
      }
    }
    if (status == 413) {
      return new ApiError(413, "too_large", "the request body is larger than " + GatewayLimits.BODY_LIMIT_TEXT);
    }
    if (status >= 400 && status < 500) {
      return new ApiError(status, code(status), t == null || t.getMessage() == null ? "refused" : t.getMessage());
    }
    LOG.warning("gateway: an API request failed: " + (t == null ? "status " + status : t));
    return new ApiError(500, "internal_error", t == null || t.getMessage() == null
        ? "the gateway failed to answer" : "the gateway failed to answer: " + t.getMessage());
  }

  static String code(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 409 -> "conflict";
      case 413 -> "too_large";
      case 415 -> "unsupported_media_type";
      case 422 -> "unprocessable";
      case 503 -> "unavailable";
      case 504 -> "timeout";
      default -> "error";
    };
  }
}
