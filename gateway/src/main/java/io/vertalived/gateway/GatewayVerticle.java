package io.vertalived.gateway;

import io.vertalived.core.cluster.ClusterMembers;
import io.vertalived.core.service.ServiceContext;
import io.vertalived.gateway.api.AccessControl;
import io.vertalived.gateway.api.ApiError;
import io.vertalived.gateway.metrics.ClusterMetrics;
import io.vertalived.gateway.api.ApiRouter;
import io.vertalived.core.journal.EventJournal;
import io.vertalived.core.journal.Journals;
import io.vertalived.gateway.sse.EventFeed;
import io.vertalived.gateway.sse.EventFilter;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.core.Handler;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The gateway's HTTP server (docs/api.md): the API of its OpenAPI document ({@link ApiRouter})
 * with the SSE stream of events at {@code /api/events}, and health for probes at
 * {@code /health/live} and {@code /health/ready}.
 */
final class GatewayVerticle extends VerticleBase {
  private static final Logger LOG = Logger.getLogger("io.vertalived.gateway");
  private final GatewaySettings settings;
  private final JsonObject document;
  private final Supplier<ServiceContext> config;
  private final java.util.function.Function<io.vertx.core.Vertx, EventJournal> journals;
  private EventFeed feed;
  private HttpServer server;
  private long heartbeat;
  private long lagTimer;
  /** An instance after the first: it serves the same port and does not announce it again. */
  private boolean quiet;
  /** Where its feed is counted (null: not measured, tests). */
  private final GatewayMeters meters;

  GatewayVerticle(GatewaySettings settings, JsonObject document, Supplier<ServiceContext> config, GatewayMeters meters) {
    this(settings, document, config, meters, Journals::of);
  }

  /** With another journal than the process's (tests). */
  GatewayVerticle(GatewaySettings settings, JsonObject document, Supplier<ServiceContext> config, GatewayMeters meters,
                  java.util.function.Function<io.vertx.core.Vertx, EventJournal> journals) {
    this.meters = meters;
    this.settings = settings;
    this.document = document;
    this.config = config;
    this.journals = journals;
  }

  @Override
  public Future<?> start() {
    feed = new EventFeed(context, journals.apply(vertx));
    feed.start();
    heartbeat = vertx.setPeriodic(settings.heartbeatMillis(), t -> feed.heartbeat());
    lagTimer = vertx.setPeriodic(1_000, t -> feed.measureLag());
    AccessControl access = new AccessControl(settings.tokens(), settings.readNeedsToken());
    return ApiRouter.create(vertx, settings, document, config, this::events).compose(router -> {
      health(router);
      router.get("/metrics").handler(access.read()).handler(new ClusterMetrics(vertx)::handle);
      dashboard(router);
      if (meters != null) {
        meters.add(feed);
      }
      ApiRouter.errors(router);
      // HTTP/1.1: no cleartext upgrade to h2c, which JDK clients ask
      // for on every http:// request and which a first request was seen to hang on
      HttpServerOptions options = new HttpServerOptions().setHttp2ClearTextEnabled(false);
      if (settings.tls()) {
        options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(settings.tlsCert())
            .setKeyPath(settings.tlsKey()));
      }
      return vertx.createHttpServer(options).requestHandler(router).listen(settings.port(), settings.address());
    }).onSuccess(s -> {
      server = s;
      LOG.log(quiet ? java.util.logging.Level.FINE : java.util.logging.Level.INFO, () -> "gateway listening on "
          + (settings.tls() ? "https://" : "http://") + settings.address() + ":" + s.actualPort());
    }).onFailure(e -> LOG.severe("the gateway cannot serve on " + settings.address() + ":" + settings.port() + ": "
        + e.getMessage()));
  }

  /**
   * The dashboard: one page and its script and style from the jar, no build chain; a strict
   * content security policy (only this origin's script, style and API).
   */
  private void dashboard(Router router) {
    var files = io.vertx.ext.web.handler.StaticHandler.create("webroot").setCachingEnabled(false)
        .setDirectoryListing(false);
    Handler<RoutingContext> headers = rc -> {
      rc.response().putHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'")
          .putHeader("X-Content-Type-Options", "nosniff").putHeader("Referrer-Policy", "no-referrer");
      rc.next();
    };
    router.get("/").handler(rc -> rc.reroute("/ui/"));
    router.get("/ui/*").handler(headers).handler(files);
  }

  /** live: the process answers; ready: it reads the journal and, in a cluster, its member runs. */
  private void health(Router router) {
    HealthChecks live = HealthChecks.create(vertx);
    long started = System.currentTimeMillis();
    // answering at all means the gateway's event loop runs
    live.register("event-loop", p -> p.complete(Status.OK(new JsonObject().put("uptime_seconds",
        (System.currentTimeMillis() - started) / 1000))));
    router.get("/health/live").handler(HealthCheckHandler.createWithHealthChecks(live));
    HealthChecks ready = HealthChecks.create(vertx);
    ready.register("journal", p -> p.complete(feed.position() >= 0 ? Status.OK(new JsonObject().put("next", feed.position()))
        : Status.KO(new JsonObject().put("reason", "the journal has not been reached yet"))));
    ready.register("cluster", p -> {
      var hz = ClusterMembers.hazelcast(vertx);
      p.complete(hz == null ? Status.OK(new JsonObject().put("clustered", false))
          : hz.getLifecycleService().isRunning() ? Status.OK(new JsonObject().put("members", hz.getCluster().getMembers().size()))
          : Status.KO(new JsonObject().put("reason", "not a running cluster member")));
    });
    router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(ready));
  }

  GatewayVerticle quiet() {
    quiet = true;
    return this;
  }

  int port() {
    return server.actualPort();
  }

  EventFeed feed() {
    return feed;
  }

  private void events(RoutingContext rc) {
    String last = rc.request().getHeader("Last-Event-ID");
    String since = last != null && !last.isBlank() ? last : rc.request().getParam("since");
    Long position = null;
    if (since != null && !since.isBlank()) {
      try {
        position = Long.parseLong(since.strip());
      } catch (NumberFormatException e) {
        ApiError.send(rc, 400, "bad_request", "Last-Event-ID or since must be a journal id (a number), not '" + since + "'");
        return;
      }
      if (position < 0) {
        ApiError.send(rc, 400, "bad_request", "Last-Event-ID or since must not be negative");
        return;
      }
    }
    EventFilter filter = EventFilter.of(rc.request().getParam("type"), rc.request().getParam("node"),
        rc.request().getParam("instance"));
    for (String type : filter.types()) {
      if (!EventFilter.TYPES.contains(type)) {
        ApiError.send(rc, 400, "bad_request", "unknown event type '" + type + "' (" + String.join(", ", EventFilter.TYPES) + ")");
        return;
      }
    }
    feed.connect(rc.response(), filter, position);
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(heartbeat);
    vertx.cancelTimer(lagTimer);
    if (meters != null) {
      meters.remove(feed);
    }
    feed.stop();
    return server == null ? Future.succeededFuture() : server.close();
  }
}
