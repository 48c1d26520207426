package io.vertalived.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.Bus;
import io.vertalived.core.bus.VrrpTransition;
import io.vertalived.core.cluster.ClusterBootstrap;
import io.vertalived.core.cluster.ClusterMembers;
import io.vertalived.core.cluster.ClusterSettings;
import io.vertalived.core.journal.JournalWriter;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notifier as its own JVM ({@code ./vertalived --services notifier --cluster}) in a cluster
 * with this JVM, which publishes 1,000 transitions of 10 instances (journaled here, as a VRRP
 * process journals its own) while the webhook receiver is down. The notifier is killed with
 * {@code kill -9} once it holds them all; the receiver comes up; a notifier (restarted, or a
 * standby that was waiting) delivers every event, in order per instance, any duplicate with the
 * same idempotency key and body.
 */
class NotifierCrashIT {
  private static final int EVENTS = 1000;
  private static final int INSTANCES = 10;
  @TempDir
  Path dir;
  private final List<Process> started = new ArrayList<>();
  private Vertx member;
  private Vertx receiverVertx;
  private final List<JsonObject> received = new CopyOnWriteArrayList<>();
  private String clusterName;
  private String members;
  private int base;

  @AfterEach
  void cleanUp() throws Exception {
    for (Process p : started) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    if (member != null) {
      member.close().await(30, TimeUnit.SECONDS);
    }
    if (receiverVertx != null) {
      receiverVertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  private Process notifier(Path conf, int index) throws Exception {
    Path home = Path.of(System.getProperty("vertalived.home", "..")).toRealPath();
    Process p = new ProcessBuilder(home.resolve("vertalived").toString(), "--services", "notifier", "-f", conf.toString(),
        "-p", dir.resolve("notifier" + index + ".pid").toString(),
        "--cluster", "--cluster-name", clusterName, "--cluster-port", Integer.toString(base + index), "--cluster-members",
        members).redirectErrorStream(true).redirectOutput(dir.resolve("notifier" + index + ".log").toFile()).start();
    started.add(p);
    return p;
  }

  private String log(int index) {
    try {
      return Files.readString(dir.resolve("notifier" + index + ".log"));
    } catch (java.io.IOException e) {
      return "";
    }
  }

  private static void kill9(Process p) throws Exception {
    new ProcessBuilder("kill", "-9", Long.toString(p.pid())).start().waitFor();
    p.waitFor(10, TimeUnit.SECONDS);
  }

  private int pendingInCluster() {
    return ClusterMembers.hazelcast(member).getMap("vertalived.notifier.pending").size();
  }

  /** This JVM as a full cluster member with the journal writer; the receiver's port, free for now. */
  private int setUp() throws Exception {
    long pid = ProcessHandle.current().pid();
    base = 18200 + (int) (pid % 300) * 8;
    clusterName = "vtl-notifier-" + pid;
    members = "127.0.0.1:" + base + ",127.0.0.1:" + (base + 1) + ",127.0.0.1:" + (base + 2) + ",127.0.0.1:" + (base + 3);
    member = ClusterBootstrap.startClustered(new ClusterSettings(clusterName, List.of(members.split(",")), "127.0.0.1",
        base + 3, 0), false).await(60, TimeUnit.SECONDS);
    member.deployVerticle(new JournalWriter()).await(10, TimeUnit.SECONDS);
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private Path config(int receiverPort) throws Exception {
    Path conf = dir.resolve("keepalived.conf");
    Files.writeString(conf, "global_defs {\n router_id lb1\n}\nvertalived_webhook ops {\n url http://127.0.0.1:" + receiverPort
        + "/hook\n secret k3y\n retry_initial_delay 0.05\n retry_max_delay 0.5\n}\n");
    return conf;
  }

  private void publishAll() {
    for (int i = 1; i <= EVENTS; i++) {
      String instance = "VI_" + (i % INSTANCES);
      Bus.publish(member, Addresses.VRRP_TRANSITION, new VrrpTransition("lb1", "b1", i, Instant.now(), instance, false,
          i % 2 == 0 ? "MASTER" : "BACKUP", i % 2 == 0 ? "BACKUP" : "MASTER", 100 + i % 50, "event " + i));
    }
  }

  private void receiverUp(int port) throws Exception {
    receiverVertx = Vertx.vertx();
    HttpServer server = receiverVertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
      received.add(b.toJsonObject().put("_key", req.getHeader("Idempotency-Key")));
      req.response().setStatusCode(200).end();
    }));
    server.listen(port, "127.0.0.1").await(10, TimeUnit.SECONDS);
  }

  /** Every event once at least, in order per instance, duplicates only with the same key and body. */
  private void assertEveryEventInOrder() {
    Map<String, JsonObject> byKey = new HashMap<>();
    Map<String, List<Long>> firstSeen = new LinkedHashMap<>();
    for (JsonObject o : received) {
      String key = o.getString("_key");
      JsonObject before = byKey.putIfAbsent(key, o);
      if (before != null) {
        assertEquals(before, o, "a duplicate carries the same body under the same key");
        continue;
      }
      firstSeen.computeIfAbsent(o.getString("instance"), k -> new ArrayList<>()).add(o.getLong("id"));
    }
    assertEquals(EVENTS, byKey.size(), "every event");
    firstSeen.forEach((instance, ids) -> {
      for (int i = 1; i < ids.size(); i++) {
        assertTrue(ids.get(i) > ids.get(i - 1), instance + " out of order: " + ids);
      }
    });
    assertEquals(INSTANCES, firstSeen.size());
  }

  @Test
  void aNotifierKilledWithAThousandPendingDeliversThemAllAfterARestart() throws Exception {
    int port = setUp();
    Path conf = config(port);
    Process first = notifier(conf, 0);
    Netns.await(() -> "the notifier owns delivery\n" + log(0), 90_000, () -> log(0).contains("notifier owns delivery"));
    publishAll();
    Netns.await(() -> "1000 deliveries pending (receiver down)", 60_000, () -> pendingInCluster() == EVENTS);
    kill9(first);
    receiverUp(port);
    assertTrue(received.isEmpty());
    notifier(conf, 1);
    Netns.await(() -> "every event delivered after the restart: " + received.size() + "\n" + log(1), 120_000,
        () -> received.stream().map(o -> o.getString("_key")).distinct().count() == EVENTS);
    assertEveryEventInOrder();
    Netns.await(() -> "the store emptied", 30_000, () -> pendingInCluster() == 0);
  }

  @Test
  void aStandbyNotifierTakesOverWhenTheOwnerIsKilled() throws Exception {
    int port = setUp();
    Path conf = config(port);
    Process owner = notifier(conf, 0);
    Netns.await(() -> "the first notifier owns delivery\n" + log(0), 90_000, () -> log(0).contains("notifier owns delivery"));
    Process standby = notifier(conf, 1);
    Netns.await(() -> "the standby has joined\n" + log(1), 90_000, () -> log(1).contains("service notifier started"));
    publishAll();
    Netns.await(() -> "1000 deliveries pending (receiver down)", 60_000, () -> pendingInCluster() == EVENTS);
    assertTrue(!log(1).contains("notifier owns delivery"), "one owner at a time");
    long killedAt = System.nanoTime();
    kill9(owner);
    receiverUp(port);
    Netns.await(() -> "the standby takes over\n" + log(1), 30_000, () -> log(1).contains("notifier owns delivery"));
    long takeoverMs = (System.nanoTime() - killedAt) / 1_000_000;
    System.out.println("notifier takeover after kill -9: " + takeoverMs + " ms");
    assertTrue(takeoverMs < 10_000, "taken over within a few seconds: " + takeoverMs + " ms");
    Netns.await(() -> "every event delivered by the standby: " + received.size(), 120_000,
        () -> received.stream().map(o -> o.getString("_key")).distinct().count() == EVENTS);
    assertEveryEventInOrder();
    assertTrue(standby.isAlive());
  }
}
