package io.vertalived.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.Bus;
import io.vertalived.core.bus.BusCodecs;
import io.vertalived.core.bus.BusFailure;
import io.vertalived.core.bus.CheckResult;
import io.vertalived.core.bus.CheckState;
import io.vertalived.core.bus.ConfigReloaded;
import io.vertalived.core.bus.InstanceStats;
import io.vertalived.core.bus.InstanceStatsList;
import io.vertalived.core.bus.InstanceStatus;
import io.vertalived.core.bus.InstanceStatusList;
import io.vertalived.core.bus.NodeDirectory;
import io.vertalived.core.bus.NodeInfo;
import io.vertalived.core.bus.RealServerCommandOutcome;
import io.vertalived.core.bus.RealServerSnapshot;
import io.vertalived.core.bus.RealServerState;
import io.vertalived.core.bus.ReloadRequest;
import io.vertalived.core.bus.TrackerStatus;
import io.vertalived.core.bus.VrrpCommandOutcome;
import io.vertalived.core.config.ConfigLoader;
import io.vertalived.core.config.keywords.HostFacts;
import io.vertalived.core.journal.MemoryJournal;
import io.vertalived.core.service.ServiceContext;
import io.vertalived.gateway.api.ApiRouter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every endpoint of the API and every error status, over a bus whose services are stand-ins that
 * answer as the contract says (the services themselves answer in their own tests and in the
 * launcher's ITs): what each resource shows, the document's validation (400), tokens (401, 403),
 * missing things (404, 405), refused commands (409), body limit (413), a refused reload (422:
 * nothing applied), CORS, errors as JSON without stack traces.
 */
class ApiTest {
  private static final String TOKEN = "0123456789abcdef0123456789abcdef";
  private static final Instant T = Instant.parse("2026-12-01T18:00:00Z");
  @TempDir
  Path dir;
  private Vertx vertx;
  private GatewayVerticle gateway;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<ReloadRequest> reloadsAsked = new CopyOnWriteArrayList<>();
  private volatile boolean configRefused;
  private ServiceContext ctx;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    BusCodecs.register(vertx);
    Path conf = dir.resolve("keepalived.conf");
    Files.writeString(conf, "global_defs {\n router_id n1\n}\n"
        + "vertalived_webhook ops {\n url http://127.0.0.1:9/hook\n secret topsecret-value-42\n}\n"
        + "virtual_server 198.18.0.10 80 {\n protocol TCP\n quorum 2\n"
        + " real_server 198.18.0.11 80 {\n  weight 2\n  TCP_CHECK {\n  }\n }\n"
        + " real_server 198.18.0.12 80 {\n  TCP_CHECK {\n  }\n }\n}\n");
    var loaded = ConfigLoader.load(conf, new ConfigLoader.Options("n1", false, HostFacts.fixed(Set.of(), Set.of(), "n1")));
    assertTrue(loaded.config() != null, loaded.diagnostics().toString());
    ctx = new ServiceContext("n1", conf, loaded.config());
    standIns();
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** The services' answers, as the contract describes them. */
  private void standIns() {
    NodeInfo n1 = new NodeInfo("n1", "local", "b1", List.of("vrrp", "checker", "gateway"), "test", 3, T, "host-a", 1);
    NodeInfo n2 = new NodeInfo("n2", "m2", "b2", List.of("vrrp"), "test", 3, T, "host-b", 2);
    Bus.answer(vertx, Addresses.NODE_DIRECTORY, q -> Future.succeededFuture(new NodeDirectory(List.of(n1, n2))));
    InstanceStatus vi1 = new InstanceStatus("n1", T, "VI_1", "MASTER", 100, 90, 51, "eth0", "198.18.0.1",
        List.of("198.18.0.100/32"), false, "G1", "MASTER",
        List.of(new TrackerStatus("script", "chk_web", -10, false, "down", 0)));
    InstanceStatus vi2 = new InstanceStatus("n1", T, "VI_2", "BACKUP", 100, 100, 52, "eth0", "198.18.0.2",
        List.of("198.18.0.102/32"), false, "G1", "MASTER", List.of());
    Bus.answer(vertx, Addresses.VRRP_STATUS, "n1", q -> Future.succeededFuture(new InstanceStatusList(
        List.of(vi1, vi2).stream().filter(i -> q.instance() == null || q.instance().equals(i.instance())).toList())));
    Bus.answer(vertx, Addresses.VRRP_STATS, "n1", q -> Future.succeededFuture(new InstanceStatsList(List.of(
        new InstanceStats("n1", T, "VI_1", 10, 2000, 1, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0)))));
    // node n2's VRRP service is there but fails to answer
    Bus.answer(vertx, Addresses.VRRP_STATUS, "n2", q -> Future.failedFuture(new BusFailure(503, "busy")));
    Bus.answer(vertx, Addresses.VRRP_COMMAND, "n1", c -> switch (c.instance()) {
      case "VI_1" -> Future.succeededFuture(new VrrpCommandOutcome("VI_1", true, "VI_1 handed over to 198.18.0.2"));
      case "VI_2" -> Future.failedFuture(new BusFailure(409, "VI_2 is BACKUP: only a MASTER hands over"));
      default -> Future.failedFuture(new BusFailure(404, "no VRRP instance '" + c.instance() + "' on node n1"));
    });
    RealServerState rs1 = new RealServerState("n1", "b1", 1, T, "[198.18.0.10]:tcp:80", "198.18.0.11:80", true, 2,
        "TCP_CHECK#0: connected");
    RealServerState rs2 = new RealServerState("n1", "b1", 2, T, "[198.18.0.10]:tcp:80", "198.18.0.12:80", false, 0,
        "TCP_CHECK#0: connection refused");
    Bus.answer(vertx, Addresses.REAL_SERVER_SNAPSHOT, q -> Future.succeededFuture(new RealServerSnapshot(List.of(rs1, rs2))));
    CheckResult c1 = new CheckResult("n1", "b1", 3, T, "[198.18.0.10]:tcp:80/198.18.0.11:80/TCP_CHECK#0",
        "[198.18.0.10]:tcp:80", "198.18.0.11:80", "TCP_CHECK", true, "connected", 0.4, -1, "n1/abcd");
    Bus.answer(vertx, Addresses.CHECK_STATE, q -> Future.succeededFuture(new CheckState(List.of(c1))));
    Bus.answer(vertx, Addresses.REAL_SERVER_COMMAND, c -> c.realServer().equals("198.18.0.11:80")
        ? Future.succeededFuture(new RealServerCommandOutcome(c.action(), new RealServerState("n1", "b1", 4, T,
            c.virtualServer(), c.realServer(), true, 0, "drained by the operator", true), List.of(), "drained"))
        : Future.failedFuture(new BusFailure(404, "no real server " + c.realServer() + " of virtual server "
            + c.virtualServer() + " in the configuration")));
    Bus.answer(vertx, Addresses.CONFIG_CURRENT, "local", q -> Future.succeededFuture(loadedOutcome("start", true)));
    for (String member : List.of("local", "m2")) {
      Bus.answer(vertx, Addresses.CONFIG_RELOAD, member, r -> {
        reloadsAsked.add(r);
        boolean refused = configRefused && member.equals("m2") && r.checkOnly();
        return Future.succeededFuture(refused
            ? new ConfigReloaded("n2", "b2", 0, T, List.of("/etc/keepalived/keepalived.conf"), false, 0, 0,
                List.of("(/etc/keepalived/keepalived.conf: Line 3) Unknown keyword 'priorty'"), "api",
                List.of("1 problem in the configuration"))
            : loadedOutcome("api", true));
      });
    }
  }

  private static ConfigReloaded loadedOutcome(String trigger, boolean accepted) {
    return new ConfigReloaded("n1", "b1", 1, T, List.of("/etc/keepalived/keepalived.conf"), accepted, 1, 1, List.of(),
        trigger, List.of());
  }

  private void start(GatewaySettings settings) throws Exception {
    gateway = new GatewayVerticle(settings, ApiRouter.document(), () -> ctx, null, v -> new MemoryJournal(100));
    vertx.deployVerticle(gateway).await(10, TimeUnit.SECONDS);
  }

  private void start() throws Exception {
    start(new GatewaySettings("127.0.0.1", 0, 60_000, List.of(TOKEN), false, null, null, List.of()));
  }

  private record Reply(int status, String body, HttpResponse<String> raw) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  private Reply send(String method, String path, String body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 400) {
      JsonObject e = new JsonObject(r.body());
      assertTrue(e.containsKey("code") && e.containsKey("message"), "an error is JSON with a code and a message: " + r.body());
      assertFalse(r.body().contains("\tat ") || r.body().contains("Exception"), "no stack trace: " + r.body());
    }
    return new Reply(r.statusCode(), r.body(), r);
  }

  private Reply get(String path, String... headers) throws Exception {
    return send("GET", path, null, headers);
  }

  private Reply post(String path, String body) throws Exception {
    return send("POST", path, body, "Authorization", "Bearer " + TOKEN, "Content-Type", "application/json");
  }

  @Test
  void theDocumentIsServedAndValid() throws Exception {
    start();
    Reply r = get("/api/openapi.json");
    assertEquals(200, r.status());
    assertEquals("3.1.0", r.json().getString("openapi"));
    assertTrue(r.json().getJsonObject("paths").containsKey("/api/instances/{node}/{instance}/handover"));
  }

  @Test
  void nodesInstancesAndSyncGroups() throws Exception {
    start();
    JsonArray nodes = get("/api/nodes").json().getJsonArray("nodes");
    assertEquals(2, nodes.size());
    assertEquals("host-a", nodes.getJsonObject(0).getString("host"));

    JsonObject all = get("/api/instances").json();
    assertEquals(new JsonArray().add("n2"), all.getJsonArray("unreachable"), "n2 did not answer");
    JsonArray instances = all.getJsonArray("instances");
    assertEquals(2, instances.size());
    JsonObject vi1 = instances.getJsonObject(0);
    assertEquals("MASTER", vi1.getString("state"));
    assertEquals(90, vi1.getInteger("effectivePriority"));
    assertEquals(100, vi1.getInteger("basePriority"));
    assertEquals("down", vi1.getJsonArray("trackers").getJsonObject(0).getString("state"));
    assertEquals(2000, vi1.getJsonObject("counters").getLong("advertSent"));
    assertEquals(3, vi1.getJsonObject("counters").getLong("authFailure"));
    assertNull(instances.getJsonObject(1).getJsonObject("counters"), "VI_2's counters did not come");

    JsonArray masters = get("/api/instances?state=MASTER").json().getJsonArray("instances");
    assertEquals(1, masters.size());
    assertEquals(1, get("/api/instances?node=n1&state=BACKUP").json().getJsonArray("instances").size());
    assertEquals("VI_1", get("/api/instances/n1/VI_1").json().getString("instance"));

    JsonArray groups = get("/api/sync-groups").json().getJsonArray("syncGroups");
    assertEquals(1, groups.size());
    assertEquals(new JsonObject().put("node", "n1").put("name", "G1").put("state", "MASTER")
        .put("instances", new JsonArray().add("VI_1").add("VI_2")), groups.getJsonObject(0));
  }

  @Test
  void theSplitBrainsNow() throws Exception {
    // n3: a MASTER that hears another router, and a second holder of VI_1's address
    Bus.answer(vertx, Addresses.NODE_DIRECTORY, q -> Future.succeededFuture(new NodeDirectory(List.of(
        new NodeInfo("n1", "local", "b1", List.of("vrrp"), "test", 3, T, "host-a", 1),
        new NodeInfo("n3", "m3", "b3", List.of("vrrp"), "test", 3, T, "host-c", 3)))));
    Bus.answer(vertx, Addresses.VRRP_STATUS, "n3", q -> Future.succeededFuture(new InstanceStatusList(List.of(
        new InstanceStatus("n3", T, "VI_9", "MASTER", 100, 100, 59, "eth0", "198.18.0.3", List.of("198.18.0.100/32"),
            false, "", "", List.of(), true)))));
    start();
    // the first directory answer is the stand-ins' (two answer NODE_DIRECTORY): ask until n3 is seen
    JsonArray alerts = new JsonArray();
    long until = System.nanoTime() + 5_000_000_000L;
    while (alerts.size() < 2 && System.nanoTime() < until) {
      alerts = get("/api/alerts").json().getJsonArray("alerts");
    }
    assertEquals(2, alerts.size(), alerts.encode());
    assertEquals("dual_master", alerts.getJsonObject(0).getString("kind"));
    assertEquals("n3", alerts.getJsonObject(0).getString("node"));
    JsonObject conflict = alerts.getJsonObject(1);
    assertEquals("vip_conflict", conflict.getString("kind"));
    assertEquals("198.18.0.100", conflict.getString("address"));
    assertEquals(new JsonArray().add("n1/VI_1").add("n3/VI_9"), conflict.getJsonArray("holders"));
  }

  @Test
  void virtualServersWithRealServersChecksAndQuorum() throws Exception {
    start();
    JsonArray vss = get("/api/virtual-servers").json().getJsonArray("virtualServers");
    assertEquals(1, vss.size());
    JsonObject vs = vss.getJsonObject(0);
    assertEquals("[198.18.0.10]:tcp:80", vs.getString("virtualServer"));
    assertEquals(2, vs.getInteger("quorum"));
    assertEquals(2, vs.getInteger("aliveWeight"));
    assertTrue(vs.getBoolean("quorumUp"));
    JsonObject rs1 = vs.getJsonArray("realServers").getJsonObject(0);
    assertTrue(rs1.getBoolean("alive"));
    assertEquals(2, rs1.getInteger("configuredWeight"));
    assertEquals(0.4, rs1.getJsonArray("checks").getJsonObject(0).getDouble("latencyMillis"));
    JsonObject rs2 = vs.getJsonArray("realServers").getJsonObject(1);
    assertFalse(rs2.getBoolean("alive"));
    assertEquals("TCP_CHECK#0: connection refused", rs2.getString("reason"));
  }

  @Test
  void theConfigurationWithSecretsMasked() throws Exception {
    start();
    Reply r = get("/api/config");
    assertEquals(200, r.status());
    assertEquals("n1", r.json().getString("node"));
    assertTrue(r.json().getJsonObject("config").encode().contains("198.18.0.10"));
    assertFalse(r.body().contains("topsecret-value-42"), "the webhook's secret is masked");
    assertTrue(r.body().contains("********"));
    assertTrue(r.json().getJsonObject("loaded").getBoolean("accepted"));
  }

  @Test
  void actionsNeedTheOperatorsToken() throws Exception {
    start(new GatewaySettings("127.0.0.1", 0, 60_000));
    Reply none = send("POST", "/api/instances/n1/VI_1/handover", null);
    assertEquals(403, none.status(), "no token configured: actions are disabled");
    assertTrue(none.json().getString("message").contains("no API token is configured"));
    vertx.undeploy(vertx.deploymentIDs().iterator().next()).await(10, TimeUnit.SECONDS);

    start();
    Reply missing = send("POST", "/api/instances/n1/VI_1/handover", null);
    assertEquals(401, missing.status());
    assertEquals("Bearer realm=\"vertalived\"", missing.raw().headers().firstValue("WWW-Authenticate").orElse(""));
    Reply wrong = send("POST", "/api/instances/n1/VI_1/handover", null, "Authorization", "Bearer " + TOKEN + "x");
    assertEquals(401, wrong.status());
    assertEquals("the bearer token is not one of the operator's", wrong.json().getString("message"));
    assertEquals(200, get("/api/nodes").status(), "reads are open by default");
  }

  @Test
  void readsCanBeProtectedToo() throws Exception {
    start(new GatewaySettings("127.0.0.1", 0, 60_000, List.of(TOKEN), true, null, null, List.of()));
    assertEquals(401, get("/api/instances").status());
    assertEquals(401, get("/api/events").status());
    assertEquals(200, get("/api/instances", "Authorization", "Bearer " + TOKEN).status());
    assertEquals(200, get("/health/ready").status(), "probes stay open");
  }

  @Test
  void handoverAndResumePreempt() throws Exception {
    start();
    Reply ok = post("/api/instances/n1/VI_1/handover", null);
    assertEquals(200, ok.status());
    assertTrue(ok.json().getBoolean("handedOver"));
    assertEquals("VI_1 handed over to 198.18.0.2", ok.json().getString("outcome"));
    Reply refused = post("/api/instances/n1/VI_2/handover", null);
    assertEquals(409, refused.status());
    assertEquals("VI_2 is BACKUP: only a MASTER hands over", refused.json().getString("message"));
    assertEquals(404, post("/api/instances/n1/VI_9/handover", null).status());
    Reply noNode = post("/api/instances/n7/VI_1/resume-preempt", null);
    assertEquals(404, noNode.status());
    assertEquals("no VRRP service of node 'n7' in the cluster", noNode.json().getString("message"));
    assertEquals(404, get("/api/instances/n1/VI_9").status());
    assertEquals(404, get("/api/instances/n7/VI_1").status());
  }

  @Test
  void realServerActions() throws Exception {
    start();
    Reply drained = post("/api/virtual-servers/" + enc("[198.18.0.10]:tcp:80") + "/real-servers/198.18.0.11:80/drain", null);
    assertEquals(200, drained.status(), drained.body());
    assertTrue(drained.json().getBoolean("drained"));
    assertEquals(0, drained.json().getInteger("weight"));
    assertEquals(404, post("/api/virtual-servers/" + enc("[198.18.0.10]:tcp:80") + "/real-servers/198.18.0.99:80/check",
        null).status());
    Reply bad = post("/api/virtual-servers/x/real-servers/y/reboot", null);
    assertEquals(400, bad.status(), "the document allows drain, enable, check");
  }

  @Test
  void aReloadIsCheckedEverywhereFirst() throws Exception {
    start();
    configRefused = true;
    Reply refused = post("/api/reload", null);
    assertEquals(422, refused.status(), refused.body());
    assertEquals("config_rejected", refused.json().getString("code"));
    JsonObject n2 = refused.json().getJsonArray("results").getJsonObject(0);
    assertEquals("m2", n2.getString("member"));
    assertTrue(n2.getJsonArray("problems").getString(0).contains("Unknown keyword 'priorty'"));
    assertTrue(reloadsAsked.stream().allMatch(ReloadRequest::checkOnly), "nothing was applied anywhere: " + reloadsAsked);
    assertEquals(2, reloadsAsked.size());

    configRefused = false;
    reloadsAsked.clear();
    Reply applied = post("/api/reload", "{\"node\":\"n1\"}");
    assertEquals(200, applied.status(), applied.body());
    assertEquals(1, applied.json().getJsonArray("results").size());
    assertEquals(List.of(true, false), reloadsAsked.stream().map(ReloadRequest::checkOnly).toList(),
        "checked, then applied, on n1's process only");
    assertEquals(404, post("/api/reload", "{\"node\":\"n9\"}").status());
  }

  @Test
  void requestsTheDocumentRefuses() throws Exception {
    start();
    Reply badState = get("/api/instances?state=ASLEEP");
    assertEquals(400, badState.status());
    assertEquals("bad_request", badState.json().getString("code"));
    assertEquals(400, post("/api/reload", "{\"nodes\":\"n1\"}").status(), "an unknown field");
    assertEquals(400, post("/api/reload", "{\"node\":42}").status(), "a field of the wrong type");
    assertEquals(400, post("/api/reload", "{not json").status());
    Reply big = post("/api/reload", "{\"node\":\"" + "x".repeat(70_000) + "\"}");
    assertEquals(413, big.status());
    assertEquals("too_large", big.json().getString("code"));
    Reply nowhere = get("/api/nowhere");
    assertEquals(404, nowhere.status());
    assertEquals("no such resource: /api/nowhere", nowhere.json().getString("message"));
    Reply method = send("DELETE", "/api/nodes", null);
    assertEquals(405, method.status());
    assertEquals(400, get("/api/events?since=abc").status());
  }

  @Test
  void noCorsUnlessConfigured() throws Exception {
    start();
    Reply plain = get("/api/nodes", "Origin", "https://ops.example.org");
    assertTrue(plain.raw().headers().firstValue("Access-Control-Allow-Origin").isEmpty());
    vertx.undeploy(vertx.deploymentIDs().iterator().next()).await(10, TimeUnit.SECONDS);
    start(new GatewaySettings("127.0.0.1", 0, 60_000, List.of(TOKEN), false, null, null,
        List.of("https://ops.example.org")));
    Reply allowed = get("/api/nodes", "Origin", "https://ops.example.org");
    assertEquals("https://ops.example.org", allowed.raw().headers().firstValue("Access-Control-Allow-Origin").orElse(""));
    Reply other = get("/api/nodes", "Origin", "https://evil.example.org");
    assertTrue(other.raw().headers().firstValue("Access-Control-Allow-Origin").isEmpty());
  }

  @Test
  void tlsWhenTheOperatorGivesACertificate() throws Exception {
    io.vertx.core.net.SelfSignedCertificate cert = io.vertx.core.net.SelfSignedCertificate.create("localhost");
    start(new GatewaySettings("127.0.0.1", 0, 60_000, List.of(TOKEN), false, cert.certificatePath(),
        cert.privateKeyPath(), List.of()));
    io.vertx.core.http.HttpClient tls = vertx.createHttpClient(new io.vertx.core.http.HttpClientOptions().setSsl(true)
        .setTrustAll(true).setVerifyHost(false));
    int status = tls.request(io.vertx.core.http.HttpMethod.GET, gateway.port(), "127.0.0.1", "/api/nodes")
        .compose(req -> req.send().compose(resp -> resp.body().map(b -> resp.statusCode()))).await(10, TimeUnit.SECONDS);
    assertEquals(200, status);
    org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + gateway.port() + "/api/nodes")).build(), HttpResponse.BodyHandlers.ofString()),
        "plain HTTP is not served");
    cert.delete();
  }

  @Test
  void theDashboardIsServedFromTheJar() throws Exception {
    start();
    Reply page = get("/");
    assertEquals(200, page.status());
    assertTrue(page.body().contains("<title>vertalived</title>"), page.body());
    assertTrue(page.raw().headers().firstValue("Content-Security-Policy").orElse("").startsWith("default-src 'self'"));
    Reply script = get("/ui/app.js");
    assertEquals(200, script.status());
    assertTrue(script.raw().headers().firstValue("Content-Type").orElse("").contains("javascript"));
    assertTrue(script.body().contains("new EventSource('/api/events')"));
    assertEquals(404, get("/ui/../vertalived-openapi.json").status());
    assertEquals(404, get("/ui/nothing.js").status());
  }

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
  }
}
