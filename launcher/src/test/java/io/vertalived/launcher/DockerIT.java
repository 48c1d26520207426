package io.vertalived.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The top-level Dockerfile and compose.yaml with a real Docker engine the test starts itself
 * ({@link DockerEngine}: its own bridge in 198.18.96.0/20, no iptables; the images built with the
 * host's network from the jar this build made).
 *
 * <ul>
 *   <li>The image: a container runs the notifier and the gateway as the unprivileged user,
 *       becomes healthy on its own probe, answers the API and stops gracefully.
 *   <li>The real {@code docker-compose up} (then {@code up --no-build}): every vertalived
 *       container healthy, one cluster, the virtual address on r1 only, the real servers alive, requests
 *       through the virtual server answered by both web servers in turn (r1's ipvs service, nftables: LVS-NAT);
 *       {@code kill r1} moves the address to r2 (the requests are answered through it), the gateway's stream shows r2's MASTER and the
 *       sink receives its signed webhook; {@code --scale checker=3} adds two members; a killed
 *       replica's real servers are checked by the others and none of them changes state; {@code down} leaves no
 *       container or network of the lab.
 * </ul>
 */
class DockerIT {
  private static DockerEngine engine;
  private static Path home;

  @BeforeAll
  static void images() throws Exception {
    engine = DockerEngine.start("it", true);
    home = Path.of(System.getProperty("vertalived.home", "..")).toRealPath();
    engine.build(home, "vertalived:lab", null);
    engine.build(home, "vertalived-demo:lab", "demo");
  }

  @AfterAll
  static void down() throws Exception {
    if (engine != null) {
      compose("down", "-t", "20");
      engine.docker("rm", "-f", "vtl-it");
      engine.stop();
    }
  }

  @Test
  void theImageRunsAServiceAsItsUserHealthyAndStopsGracefully() throws Exception {
    java.nio.file.Path conf = java.nio.file.Files.createDirectories(engine.work().resolve("conf"));
    java.nio.file.Files.writeString(conf.resolve("keepalived.conf"), "global_defs {\n router_id box1\n}\n");
    ProcessResult run = engine.docker("run", "-d", "--name", "vtl-it", "--network", "none", "-v",
        conf + ":/etc/keepalived:ro", "vertalived:lab", "--services", "notifier,gateway", "-f",
        "/etc/keepalived/keepalived.conf");
    assertEquals(0, run.exitCode(), run.output());
    Netns.await(() -> "the container is healthy\n" + containerLogs(), 90_000, () -> {
      try {
        return engine.docker("inspect", "-f", "{{.State.Health.Status}}", "vtl-it").output().strip().equals("healthy");
      } catch (Exception e) {
        return false;
      }
    });
    assertEquals("10001", engine.docker("exec", "vtl-it", "id", "-u").output().strip(), "not root");
    String nodes = engine.docker("exec", "vtl-it", "curl", "-s", "http://127.0.0.1:8480/api/nodes").output();
    assertTrue(nodes.contains("\"node\":\"box1\"") && nodes.contains("\"services\":[\"notifier\",\"gateway\"]"), nodes);
    ProcessResult stop = engine.docker("stop", "vtl-it");
    assertEquals(0, stop.exitCode(), stop.output());
    assertEquals("143", engine.docker("inspect", "-f", "{{.State.ExitCode}}", "vtl-it").output().strip(), containerLogs());
    assertTrue(containerLogs().contains("INFO launcher: stopped"), "a graceful stop: " + containerLogs());
    assertTrue(!containerLogs().contains("cannot write pid file"), containerLogs());
  }

  private static String containerLogs() {
    try {
      return engine.docker("logs", "vtl-it").output();
    } catch (Exception e) {
      return e.toString();
    }
  }

  private static ProcessResult compose(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("env", "DOCKER_HOST=" + engine.host(), "/usr/bin/docker-compose", "-p",
        "vtllabit", "-f", "compose.yaml"));
    cmd.addAll(List.of(args));
    return ProcessResult.run(home, cmd);
  }

  private static String in(String service, String... cmd) {
    List<String> args = new ArrayList<>(List.of("exec", "-T", service));
    args.addAll(List.of(cmd));
    try {
      return compose(args.toArray(String[]::new)).output();
    } catch (Exception e) {
      return e.toString();
    }
  }

  private static boolean holdsVip(String router) {
    return holdsVip(router, "198.18.100.250");
  }

  private static boolean holdsVip(String router, String address) {
    return in(router, "ip", "-br", "addr", "show", "dev", "eth0").contains(address + "/32");
  }

  /** Where four requests through the virtual server went, sent from the gateway's container on the lab network. */
  private static List<String> requests() {
    return in("gateway", "sh", "-c", "for i in 1 2 3 4; do curl -s --max-time 2 http://198.18.100.250/ || echo failed; done")
        .lines().map(String::strip).toList();
  }

  private static boolean bothWebServersAnswer() {
    List<String> to = requests();
    return to.size() == 4 && to.stream().filter("web1"::equals).count() == 2 && to.stream().filter("web2"::equals).count() == 2;
  }

  private static int members() {
    try {
      return new JsonObject(in("gateway", "curl", "-s", "http://127.0.0.1:8480/health/ready")).getJsonArray("checks")
          .stream().map(JsonObject.class::cast).filter(c -> c.getString("id").equals("cluster")).findFirst()
          .map(c -> c.getJsonObject("data").getInteger("members", 0)).orElse(0);
    } catch (RuntimeException e) {
      return 0;
    }
  }

  private static String logs() {
    try {
      return compose("ps").output() + compose("logs", "--no-color", "--tail", "30").output();
    } catch (Exception e) {
      return e.toString();
    }
  }

  @Test
  void aFailoverInTheComposeLabIsSeenOnTheStreamAndAtTheSink() throws Exception {
    ProcessResult up = compose("up", "-d", "--no-build");
    assertEquals(0, up.exitCode(), up.output());
    Netns.await(() -> "every container healthy\n" + logs(), 120_000, () -> {
      try {
        String ps = compose("ps").output();
        // five vertalived containers, and the web servers and the sink, all healthy
        return ps.lines().filter(l -> l.contains("vertalived")).count() == 5
            && ps.lines().filter(l -> l.contains("vertalived") && l.contains("(healthy)")).count() == 5
            && ps.lines().filter(l -> l.contains("(healthy)")).count() == 8;
      } catch (Exception e) {
        return false;
      }
    });
    Netns.await(() -> "one cluster of five\n" + logs(), 60_000, () -> members() == 5);
    Netns.await(() -> "r1 holds the address\n" + logs(), 30_000, () -> holdsVip("r1"));
    assertTrue(!holdsVip("r2"), "r2 does not");
    // dual-master: r2 is the master of the second address
    Netns.await(() -> "r2 holds the second address\n" + logs(), 30_000, () -> holdsVip("r2", "198.18.100.251"));
    assertTrue(!holdsVip("r1", "198.18.100.251"), "r1 does not");
    Netns.await(() -> "the real servers are alive\n" + logs(), 30_000, () -> {
      try {
        JsonArray vss = new JsonObject(in("gateway", "curl", "-s", "http://127.0.0.1:8480/api/virtual-servers"))
            .getJsonArray("virtualServers");
        return vss.getJsonObject(0).getJsonArray("realServers").stream().map(JsonObject.class::cast)
            .allMatch(r -> r.getBoolean("alive"));
      } catch (RuntimeException e) {
        return false;
      }
    });

    // r1's ipvs service balances the virtual address (nftables): the web servers answer in turn, their replies
    // back through r1 (LVS-NAT: the back network's gateway is the second virtual address)
    // eth0 the lab network, eth1 the real servers' (the configurations name them so)
    for (String router : List.of("r1", "r2")) {
      String eth0 = in(router, "ip", "-br", "addr", "show", "dev", "eth0");
      String eth1 = in(router, "ip", "-br", "addr", "show", "dev", "eth1");
      assertTrue(eth0.contains(" 198.18.100.") && eth1.contains(" 198.18.101."), router + ": " + eth0 + eth1);
    }
    assertTrue(in("r1", "ip", "-br", "addr", "show", "dev", "eth1").contains("198.18.101.254/32"), in("r1", "ip", "addr"));
    Netns.await(() -> "requests through the virtual server answered by web1 and web2\n" + requests() + "\n" + logs(),
        30_000, DockerIT::bothWebServersAnswer);

    // what the kill causes comes after the journal's present end (r2 may have been MASTER a moment at start)
    long next = new JsonObject(in("gateway", "curl", "-s", "http://127.0.0.1:8480/health/ready")).getJsonArray("checks")
        .stream().map(JsonObject.class::cast).filter(c -> c.getString("id").equals("journal")).findFirst().orElseThrow()
        .getJsonObject("data").getLong("next");
    ProcessResult kill = compose("kill", "r1");
    assertEquals(0, kill.exitCode(), kill.output());
    Netns.await(() -> "r2 takes the address\n" + logs(), 15_000, () -> holdsVip("r2"));
    assertTrue(holdsVip("r2", "198.18.100.251"), "r2 keeps the second address");
    Netns.await(() -> "requests answered through r2\n" + requests() + "\n" + logs(), 30_000, DockerIT::bothWebServersAnswer);
    Netns.await(() -> "the stream shows r2's MASTER\n" + logs(), 15_000, () -> in("gateway", "curl", "-s", "-N",
        "--max-time", "2", "http://127.0.0.1:8480/api/events?type=vrrp_transition&since=" + (next - 1))
        .contains("\"node\":\"r2\",\"instance\":\"VI_1\",\"group\":false,\"from\":\"BACKUP\",\"to\":\"MASTER\""));
    Netns.await(() -> "the sink receives r2's signed webhook\n" + logs(), 15_000, () -> {
      try {
        return new JsonArray(in("sink", "python3", "-c",
            "import urllib.request;print(urllib.request.urlopen('http://127.0.0.1:8080/received').read().decode())"))
            .stream().map(JsonObject.class::cast).anyMatch(m -> m.getString("kind").equals("webhook")
                && m.getString("signature", "").startsWith("sha256=") && m.getJsonObject("body") != null
                && m.getJsonObject("body").getLong("id", 0L) >= next
                && "r2".equals(m.getJsonObject("body").getString("node"))
                && "VI_1".equals(m.getJsonObject("body").getString("instance"))
                && "MASTER".equals(m.getJsonObject("body").getString("to")));
      } catch (RuntimeException e) {
        return false;
      }
    });

    ProcessResult scale = compose("up", "-d", "--no-build", "--no-recreate", "--scale", "checker=3");
    assertEquals(0, scale.exitCode(), scale.output());
    Netns.await(() -> "two more checkers join\n" + logs(), 90_000, () -> members() >= 7);

    // a checker replica dies: its real servers move to the others, and none of them flaps
    long before = realServerEvents().size();
    ProcessResult killed = engine.docker("kill", "vtllabit_checker_3");
    assertEquals(0, killed.exitCode(), killed.output());
    Netns.await(() -> "the cluster drops the killed checker\n" + logs(), 30_000, () -> members() == 6);
    // the survivors check everything again: results newer than the kill for both real servers
    long killedAt = System.currentTimeMillis();
    Netns.await(() -> "both real servers checked since the kill\n" + logs(), 30_000, () -> {
      try {
        return new JsonObject(in("gateway", "curl", "-s", "http://127.0.0.1:8480/api/virtual-servers"))
            .getJsonArray("virtualServers").getJsonObject(0).getJsonArray("realServers").stream()
            .map(JsonObject.class::cast).allMatch(r -> r.getBoolean("alive") && r.getJsonArray("checks").stream()
                .map(JsonObject.class::cast).anyMatch(c -> java.time.Instant.parse(c.getString("timestamp"))
                    .toEpochMilli() > killedAt));
      } catch (RuntimeException e) {
        return false;
      }
    });
    List<JsonObject> after = realServerEvents();
    assertEquals(before, after.size(), "no real server changed state when its checker died: " + after);

    // `down` stops everything within the grace period and leaves no container or network behind
    ProcessResult down = compose("down", "-t", "20");
    assertEquals(0, down.exitCode(), down.output());
    ProcessResult containers = engine.docker("ps", "-a", "-q", "--filter", "label=com.docker.compose.project=vtllabit");
    assertEquals("", containers.output().strip(), "no container of the lab is left");
    ProcessResult networks = engine.docker("network", "ls", "-q", "--filter", "label=com.docker.compose.project=vtllabit");
    assertEquals("", networks.output().strip(), "no network of the lab is left");
  }

  /** The journal's real-server events so far. */
  private static List<JsonObject> realServerEvents() {
    return in("gateway", "curl", "-s", "-N", "--max-time", "2", "http://127.0.0.1:8480/api/events?since=0&type=real_server")
        .lines().filter(l -> l.startsWith("data: ")).map(l -> new JsonObject(l.substring(6))).toList();
  }
}
