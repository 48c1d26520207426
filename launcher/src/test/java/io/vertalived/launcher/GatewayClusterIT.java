package io.vertalived.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.Bus;
import io.vertalived.core.bus.VrrpTransition;
import io.vertalived.core.cluster.ClusterBootstrap;
import io.vertalived.core.cluster.ClusterSettings;
import io.vertalived.core.journal.JournalWriter;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateway JVMs ({@code ./vertalived --services gateway --cluster}) and this JVM, which
 * journals transitions as a VRRP process would: an SSE client reads from the first gateway,
 * that gateway is killed with {@code kill -9}, and the client reconnects to the second with its
 * {@code Last-Event-ID}: it gets exactly the events it had not, then the live ones.
 */
class GatewayClusterIT {
  @TempDir
  Path dir;
  private final List<Process> started = new ArrayList<>();
  private Vertx member;

  @AfterEach
  void cleanUp() throws Exception {
    for (Process p : started) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    if (member != null) {
      member.close().await(30, TimeUnit.SECONDS);
    }
  }

  private String log(int i) {
    try {
      return Files.readString(dir.resolve("gateway" + i + ".log"));
    } catch (java.io.IOException e) {
      return "";
    }
  }

  private void publish(int from, int to) {
    for (int i = from; i <= to; i++) {
      Bus.publish(member, Addresses.VRRP_TRANSITION, new VrrpTransition("lb1", "b1", i, Instant.now(), "VI_" + (i % 3), false,
          "BACKUP", "MASTER", 100, "event " + i));
    }
  }

  /** Reads {@code n} events' ids from an SSE stream. */
  private static List<Long> read(BufferedReader r, int n) throws Exception {
    List<Long> ids = new ArrayList<>();
    String line;
    while (ids.size() < n && (line = r.readLine()) != null) {
      if (line.startsWith("id: ")) {
        ids.add(Long.parseLong(line.substring(4)));
      }
    }
    return ids;
  }

  @Test
  void aClientThatReconnectsToAnotherGatewayMissesNothing() throws Exception {
    long pid = ProcessHandle.current().pid();
    int base = 19400 + (int) (pid % 300) * 8;
    String name = "vtl-gateway-" + pid;
    String members = "127.0.0.1:" + base + ",127.0.0.1:" + (base + 1) + ",127.0.0.1:" + (base + 2);
    member = ClusterBootstrap.startClustered(new ClusterSettings(name, List.of(members.split(",")), "127.0.0.1", base + 2, 0),
        false).await(60, TimeUnit.SECONDS);
    member.deployVerticle(new JournalWriter()).await(10, TimeUnit.SECONDS);
    Path conf = dir.resolve("keepalived.conf");
    Files.writeString(conf, "global_defs {\n router_id gw\n}\n");
    Path home = Path.of(System.getProperty("vertalived.home", "..")).toRealPath();
    // below the kernel's ephemeral range, as the cluster's: a port the kernel picked as free can be taken by any
    // connection's source port before the gateway binds it (the cluster's members connect all the while)
    int[] ports = {base + 3, base + 4};
    for (int i = 0; i < 2; i++) {
      started.add(new ProcessBuilder(home.resolve("vertalived").toString(), "--services", "gateway", "-f", conf.toString(),
          "-p", dir.resolve("gw" + i + ".pid").toString(), "--gateway-port", Integer.toString(ports[i]),
          "--cluster", "--cluster-name", name, "--cluster-port", Integer.toString(base + i), "--cluster-members", members)
          .redirectErrorStream(true).redirectOutput(dir.resolve("gateway" + i + ".log").toFile()).start());
    }
    for (int i = 0; i < 2; i++) {
      int g = i;
      Netns.await(() -> "gateway " + g + " runs\n" + log(g), 90_000, () -> log(g).contains("with services [gateway]"));
    }
    publish(1, 10);
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<java.io.InputStream> first = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + ports[0] + "/api/events?since=0")).build(), HttpResponse.BodyHandlers.ofInputStream());
    BufferedReader r1 = new BufferedReader(new InputStreamReader(first.body()));
    List<Long> before = read(r1, 10);
    assertEquals(10, before.size());
    long last = before.get(before.size() - 1);
    new ProcessBuilder("kill", "-9", Long.toString(started.get(0).pid())).start().waitFor();
    started.get(0).waitFor(10, TimeUnit.SECONDS);
    publish(11, 20);
    HttpResponse<java.io.InputStream> second = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + ports[1] + "/api/events")).header("Last-Event-ID", Long.toString(last)).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    BufferedReader r2 = new BufferedReader(new InputStreamReader(second.body()));
    List<Long> after = read(r2, 10);
    List<Long> expected = new ArrayList<>();
    for (long id = last + 1; id <= last + 10; id++) {
      expected.add(id);
    }
    assertEquals(expected, after, "exactly the events after the last one seen");
    publish(21, 21);
    assertEquals(List.of(last + 11), read(r2, 1), "then live");
  }
}
