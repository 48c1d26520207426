package io.vertalived.core.service;

import io.vertalived.core.cluster.ClusterMembers;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * A process's own health probes, whatever services it runs (`--health-port`; docs/deployment
 * in the README): {@code GET /health/live} answers 200 while the process's event loops run;
 * {@code GET /health/ready} 200 once its services started (and, in a cluster, its member runs),
 * 503 with the reason before and while it stops. For container health checks, Kubernetes probes
 * and systemd watchdogs of processes without the gateway.
 */
public final class HealthProbes extends VerticleBase {
  private static final Logger LOG = Logger.getLogger("io.vertalived.launcher");
  private final String address;
  private final int port;
  private final BooleanSupplier started;
  private HttpServer server;

  /** @param started whether the services started and the process is not stopping */
  public HealthProbes(String address, int port, BooleanSupplier started) {
    this.address = address;
    this.port = port;
    this.started = started;
  }

  @Override
  public Future<?> start() {
    return vertx.createHttpServer().requestHandler(this::answer).listen(port, address).onSuccess(s -> {
      server = s;
      LOG.info("health probes on http://" + address + ":" + s.actualPort() + "/health/ready");
    });
  }

  public int port() {
    return server.actualPort();
  }

  private void answer(HttpServerRequest r) {
    JsonObject body;
    int status;
    switch (r.path()) {
      case "/health/live" -> {
        status = 200;
        body = new JsonObject().put("status", "UP");
      }
      case "/health/ready" -> {
        String reason = notReady();
        status = reason == null ? 200 : 503;
        body = new JsonObject().put("status", reason == null ? "UP" : "DOWN");
        if (reason != null) {
          body.put("reason", reason);
        }
      }
      default -> {
        status = 404;
        body = new JsonObject().put("code", "not_found").put("message", "no such resource: " + r.path()
            + " (/health/live, /health/ready)");
      }
    }
    r.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }

  private String notReady() {
    if (!started.getAsBoolean()) {
      return "the services are not running (starting or stopping)";
    }
    var hz = ClusterMembers.hazelcast(vertx);
    if (hz != null && !hz.getLifecycleService().isRunning()) {
      return "not a running cluster member";
    }
    return null;
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
