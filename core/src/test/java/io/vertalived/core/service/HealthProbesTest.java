package io.vertalived.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A process's own probes: live while it runs, ready only while its services run. */
class HealthProbesTest {
  private final Vertx vertx = Vertx.vertx();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void readyOnlyWhileTheServicesRun() throws Exception {
    AtomicBoolean running = new AtomicBoolean(false);
    HealthProbes probes = new HealthProbes("127.0.0.1", 0, running::get);
    vertx.deployVerticle(probes).await(10, TimeUnit.SECONDS);
    int port = probes.port();
    assertEquals(200, get(port, "/health/live").statusCode());
    HttpResponse<String> starting = get(port, "/health/ready");
    assertEquals(503, starting.statusCode());
    assertTrue(starting.body().contains("the services are not running"), starting.body());
    running.set(true);
    assertEquals(200, get(port, "/health/ready").statusCode());
    HttpResponse<String> other = get(port, "/metrics");
    assertEquals(404, other.statusCode());
    assertTrue(other.body().startsWith("{\"code\":\"not_found\""), other.body());
  }
}
