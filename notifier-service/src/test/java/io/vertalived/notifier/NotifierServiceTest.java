package io.vertalived.notifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.Bus;
import io.vertalived.core.bus.BusCodecs;
import io.vertalived.core.bus.DeliveryParked;
import io.vertalived.core.bus.NodeInfo;
import io.vertalived.core.bus.VrrpTransition;
import io.vertalived.core.config.ConfigLoader;
import io.vertalived.core.config.keywords.HostFacts;
import io.vertalived.core.service.Suite;
import io.vertalived.notifier.webhook.WebhookSignature;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.subethamail.wiser.Wiser;

/**
 * The notifier in a suite of its own, fed as the VRRP service feeds it (transitions published on
 * the bus, journaled by the suite): a signed webhook and keepalived's e-mail per failover; a
 * receiver that fails is retried with the same key; what is pending when the process stops is
 * delivered by the next one; a reload adds a webhook.
 */
class NotifierServiceTest {
  @TempDir
  Path dir;
  private Vertx vertx;
  private Vertx receiverVertx;
  private HttpServer receiver;
  private Wiser wiser;
  private Suite suite;
  private final BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
  private final AtomicInteger failNext = new AtomicInteger();

  @BeforeEach
  void setUp() throws Exception {
    System.setProperty("vertalived.state.dir", dir.resolve("state").toString());
    receiverVertx = Vertx.vertx();
    receiver = receiverVertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        req.response().setStatusCode(503).end();
        return;
      }
      long t = Long.parseLong(req.getHeader(WebhookSignature.TIMESTAMP));
      received.add(body.toJsonObject().put("_signed", WebhookSignature.verify("k3y", t, body.getBytes(),
          req.getHeader(WebhookSignature.SIGNATURE))).put("_key", req.getHeader("Idempotency-Key")).put("_path", req.path()));
      req.response().setStatusCode(200).end();
    })).listen(0, "127.0.0.1").await(5, TimeUnit.SECONDS);
    wiser = Wiser.port(0);
    wiser.start();
  }

  @AfterEach
  void tearDown() throws Exception {
    System.clearProperty("vertalived.state.dir");
    if (suite != null) {
      suite.stop().await(10, TimeUnit.SECONDS);
    }
    if (vertx != null) {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
    receiverVertx.close().await(10, TimeUnit.SECONDS);
    wiser.stop();
  }

  private Path conf(String hooks) throws Exception {
    Path f = dir.resolve("keepalived.conf");
    Files.writeString(f, "global_defs {\n router_id lb1\n notification_email {\n  ops@example.net\n }\n"
        + " notification_email_from lb1@example.net\n smtp_server 127.0.0.1 " + wiser.getServer().getPortAllocated()
        + "\n smtp_alert\n}\n" + hooks);
    return f;
  }

  private String hook(String name) {
    return "vertalived_webhook " + name + " {\n url http://127.0.0.1:" + receiver.actualPort() + "/" + name + "\n secret k3y\n"
        + " retry_initial_delay 0.05\n retry_max_delay 0.2\n}\n";
  }

  private void startSuite(Path conf) throws Exception {
    vertx = Vertx.vertx();
    BusCodecs.register(vertx);
    var options = new ConfigLoader.Options("lb1", false, HostFacts.fixed(Set.of("eth0"), Set.of("root"), "lb1"));
    var loaded = ConfigLoader.load(conf, options);
    assertTrue(loaded.diagnostics().isEmpty(), loaded.diagnostics().toString());
    NodeInfo self = new NodeInfo("lb1", "local", "boot-1", List.of("notifier"), "test", Addresses.CONTRACT_VERSION,
        Instant.now(), "host", 1);
    suite = new Suite(vertx, self, conf, () -> ConfigLoader.load(conf, options), List.of(new NotifierService()));
    suite.start(loaded).await(10, TimeUnit.SECONDS);
  }

  private void failover(long sequence, String to) {
    Bus.publish(vertx, Addresses.VRRP_TRANSITION, new VrrpTransition("lb1", "boot-1", sequence, Instant.now(), "VI_1", false,
        to.equals("MASTER") ? "BACKUP" : "MASTER", to, 150, "master down timer expired"));
  }

  private JsonObject next() throws InterruptedException {
    JsonObject o = received.poll(15, TimeUnit.SECONDS);
    if (o == null) {
      throw new AssertionError("no webhook within 15 s");
    }
    return o;
  }

  @Test
  void aFailoverSendsOneSignedWebhookAndKeepalivedsMail() throws Exception {
    startSuite(conf(hook("ops")));
    failover(1, "MASTER");
    JsonObject w = next();
    assertEquals(true, w.getBoolean("_signed"));
    assertEquals("/ops", w.getString("_path"));
    assertEquals("vrrp_transition", w.getString("type"));
    assertEquals("MASTER", w.getString("to"));
    assertEquals("master down timer expired", w.getString("reason"));
    long until = System.nanoTime() + 15_000_000_000L;
    while (wiser.getMessages().isEmpty() && System.nanoTime() < until) {
      Thread.sleep(20);
    }
    assertEquals(1, wiser.getMessages().size());
    assertEquals("[lb1] VRRP Instance VI_1 - Entering MASTER state", wiser.getMessages().get(0).getMimeMessage().getSubject());
  }

  @Test
  void aFailingReceiverGetsTheSameKeyUntilItTakesTheWebhook() throws Exception {
    startSuite(conf(hook("ops")));
    failNext.set(3);
    failover(1, "MASTER");
    failover(2, "BACKUP");
    JsonObject first = next();
    JsonObject second = next();
    assertEquals(List.of("MASTER", "BACKUP"), List.of(first.getString("to"), second.getString("to")), "in order");
    assertTrue(first.getString("_key").endsWith("." + first.getLong("id") + ".ops"), first.toString());
    assertEquals(0, failNext.get());
  }

  @Test
  void whatIsPendingWhenTheProcessStopsIsDeliveredByTheNextOne() throws Exception {
    Path conf = conf(hook("ops"));
    startSuite(conf);
    BlockingQueue<DeliveryParked> parked = new LinkedBlockingQueue<>();
    Bus.consume(vertx, Addresses.DELIVERY_PARKED, parked::add).completion().await(5, TimeUnit.SECONDS);
    failNext.set(1_000_000);
    failover(1, "MASTER");
    failover(2, "BACKUP");
    failover(3, "MASTER");
    // the receiver refuses everything: the deliveries are stored and retried
    long until = System.nanoTime() + 15_000_000_000L;
    while (failNext.get() > 1_000_000 - 3 && System.nanoTime() < until) {
      Thread.sleep(20);
    }
    suite.stop().await(10, TimeUnit.SECONDS);
    suite = null;
    vertx.close().await(10, TimeUnit.SECONDS);
    vertx = null;
    assertTrue(received.isEmpty());
    failNext.set(0);
    startSuite(conf);
    List<String> states = List.of(next().getString("to"), next().getString("to"), next().getString("to"));
    assertEquals(List.of("MASTER", "BACKUP", "MASTER"), states, "every one, in order, by the next process");
  }

  @Test
  void aReloadAddsAWebhook() throws Exception {
    Path conf = conf(hook("ops"));
    startSuite(conf);
    Files.writeString(conf, Files.readString(conf) + hook("audit"));
    var r = suite.reload("SIGHUP").await(10, TimeUnit.SECONDS);
    assertEquals(List.of("notifier: webhook audit added"), r.changes());
    failover(1, "MASTER");
    assertEquals(Set.of("/ops", "/audit"), Set.of(next().getString("_path"), next().getString("_path")));
  }
}
