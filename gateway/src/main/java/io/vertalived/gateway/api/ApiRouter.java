package io.vertalived.gateway.api;

import io.vertalived.core.bus.VrrpCommand;
import io.vertalived.core.cluster.ClusterMembers;
import io.vertalived.core.service.ServiceContext;
import io.vertalived.gateway.GatewaySettings;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The API's router, built from its OpenAPI document ({@code vertalived-openapi.json}, served at
 * {@code /api/openapi.json}) by Vert.x's OpenAPI router, which validates every request against
 * it: the document cannot drift from the code. Each operation of the document gets its handler
 * here; one without is a start-up failure, not a silent 501.
 */
public final class ApiRouter {
  /** The document, in the gateway's jar. */
  public static final String DOCUMENT = "vertalived-openapi.json";

  private ApiRouter() {}

  /** The document as JSON (blocking: read once at start, off the event loop). */
  public static JsonObject document() {
    try (InputStream in = ApiRouter.class.getClassLoader().getResourceAsStream(DOCUMENT)) {
      if (in == null) {
        throw new IllegalStateException(DOCUMENT + " is missing from the gateway's jar");
      }
      return new JsonObject(Buffer.buffer(in.readAllBytes()));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + DOCUMENT + ": " + e.getMessage(), e);
    }
  }

  /**
   * The router: CORS (when configured) and the body limit first, then the document's operations
   * behind access control, then JSON errors for everything that fails or matches nothing.
   */
  public static Future<Router> create(Vertx vertx, GatewaySettings settings, JsonObject document,
                                      Supplier<ServiceContext> config, Handler<RoutingContext> events) {
    return OpenAPIContract.from(vertx, document.copy()).map(contract -> {
      ClusterView cluster = new ClusterView(vertx);
      VrrpResource vrrp = new VrrpResource(cluster);
      LvsResource lvs = new LvsResource(cluster, config);
      ConfigResource cfg = new ConfigResource(cluster, config, ClusterMembers.localMember(vertx));
      RealServerActions rsActions = new RealServerActions(vertx);
      AccessControl access = new AccessControl(settings.tokens(), settings.readNeedsToken());
      Map<String, Handler<RoutingContext>> reads = Map.of(
          "listNodes", rc -> cluster.nodes().onComplete(ar -> {
            if (ar.failed()) {
              Responses.fail(rc, ar.cause());
            } else {
              io.vertx.core.json.JsonArray a = new io.vertx.core.json.JsonArray();
              ar.result().forEach(n -> a.add(io.vertalived.core.bus.RecordJson.encode(n)));
              Responses.ok(rc, new JsonObject().put("nodes", a));
            }
          }),
          "listInstances", vrrp::list,
          "getInstance", vrrp::one,
          "listSyncGroups", vrrp::syncGroups,
          "listAlerts", vrrp::alerts,
          "listVirtualServers", lvs::list,
          "getConfig", cfg::get,
          "events", events);
      Map<String, Handler<RoutingContext>> actions = Map.of(
          "handOver", rc -> vrrp.command(rc, VrrpCommand.HANDOVER),
          "resumePreempt", rc -> vrrp.command(rc, VrrpCommand.RESUME_PREEMPT),
          "realServerAction", rsActions::handle,
          "reload", cfg::reload);
      // the body is read (and limited) by the BodyHandler below, then validated from there
      RouterBuilder builder = RouterBuilder.create(vertx, contract, RequestExtractor.withBodyHandler());
      if (!settings.corsOrigins().isEmpty()) {
        builder.rootHandler(cors(settings));
      }
      builder.rootHandler(BodyHandler.create(false).setBodyLimit(GatewayLimits.BODY_LIMIT));
      for (OpenAPIRoute route : builder.getRoutes()) {
        String id = route.getOperation().getOperationId();
        // access control is ours (constant-time token comparison; 403 when actions have no token)
        route.setDoSecurity(false);
        Handler<RoutingContext> read = reads.get(id);
        Handler<RoutingContext> action = actions.get(id);
        if (read != null) {
          route.addHandler(access.read()).addHandler(read);
        } else if (action != null) {
          route.addHandler(access.action()).addHandler(action);
        } else {
          throw new IllegalStateException("operation " + id + " of " + DOCUMENT + " has no handler");
        }
      }
      Router router = builder.createRouter();
      router.get("/api/openapi.json").handler(rc -> rc.response().putHeader("Content-Type", "application/json")
          .end(document.encodePrettily()));
      return router;
    });
  }

  private static CorsHandler cors(GatewaySettings settings) {
    CorsHandler cors = settings.corsOrigins().contains("*") ? CorsHandler.create()
        : CorsHandler.create().addOrigins(settings.corsOrigins());
    return cors.allowedMethod(HttpMethod.GET).allowedMethod(HttpMethod.POST).allowedHeader("Authorization")
        .allowedHeader("Content-Type").allowedHeader("Last-Event-ID");
  }

  /** JSON errors for a failed route, and for requests that match nothing (404, 405). */
  public static void errors(Router router) {
    router.route().failureHandler(rc -> ApiError.send(rc, ApiError.of(rc.failure(), rc.statusCode())));
    router.errorHandler(404, rc -> ApiError.send(rc, 404, "not_found", "no such resource: " + rc.request().path()));
    router.errorHandler(405, rc -> ApiError.send(rc, 405, "method_not_allowed", rc.request().method()
        + " is not allowed on " + rc.request().path()));
    router.errorHandler(500, rc -> ApiError.send(rc, ApiError.of(rc.failure(), 500)));
  }
}
