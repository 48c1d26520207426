package io.vertalived.gateway.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Answers of the API. */
final class Responses {
  private Responses() {}

  static void ok(RoutingContext rc, JsonObject body) {
    send(rc, 200, body);
  }

  static void send(RoutingContext rc, int status, JsonObject body) {
    if (!rc.response().headWritten()) {
      rc.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }
  }

  static void fail(RoutingContext rc, Throwable t) {
    ApiError.send(rc, ApiError.of(t, 500));
  }
}
