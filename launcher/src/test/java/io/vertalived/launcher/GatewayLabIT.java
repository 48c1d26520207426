package io.vertalived.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway as a newcomer meets it in the namespace lab: Debian's keepalived is MASTER in A;
 * vertalived (VRRP, checker, gateway) is BACKUP in B; the client namespace C holds the lab's web
 * server (a real server to check), curl and a headless Chromium on the dashboard. keepalived is
 * killed: the dashboard shows our MASTER within a second of the transition; the API shows the
 * instance with its counters and the real server; {@code /metrics} passes {@code promtool check
 * metrics}; keepalived comes back lower, and {@code POST .../handover} hands the VIP to it; the
 * stream replays from {@code Last-Event-ID} what came after.
 */
class GatewayLabIT {
  private static final String VIP = "198.18.0.100";
  private static final String TOKEN = "lab-token-0123456789abcdef";
  private static final String GATEWAY = "http://198.18.0.2:8480";
  @TempDir
  Path dir;
  private InteropLab lab;
  private Netns net;

  @BeforeEach
  void namespaces() throws Exception {
    lab = InteropLab.open("vtg");
    net = lab.net;
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (lab != null) {
      lab.close();
    }
  }

  /** 1 s adverts: Chromium's start on two cores must not starve a peer into a spurious takeover. */
  private static String instance(int priority) {
    return "vrrp_instance VI_1 {\n state BACKUP\n interface eth0\n virtual_router_id 51\n priority " + priority
        + "\n advert_int 1\n virtual_ipaddress {\n  " + VIP + "/32 dev eth0\n }\n}\n";
  }

  private String file(String name) {
    try {
      return Files.readString(dir.resolve(name));
    } catch (java.io.IOException e) {
      return "";
    }
  }

  private String logs() {
    return "--- vertalived.log\n" + file("vertalived.log") + "--- dashboard.log\n" + file("dashboard.log");
  }

  /** curl in the client namespace; {@code -w} appends the status on its own line. */
  private ProcessResult curl(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", net.client, "curl", "-sS", "--max-time", "10",
        "-w", "\n%{http_code}"));
    cmd.addAll(List.of(args));
    return ProcessResult.run(null, cmd);
  }

  private static int status(ProcessResult r) {
    String out = r.output().strip();
    return Integer.parseInt(out.substring(out.lastIndexOf('\n') + 1).strip());
  }

  private static String body(ProcessResult r) {
    String out = r.output();
    return out.substring(0, out.lastIndexOf('\n'));
  }

  /** The dashboard's states, as Chromium showed them, oldest first. */
  private List<JsonObject> seen() {
    return file("dashboard.log").lines().filter(l -> l.startsWith("{")).map(JsonObject::new).toList();
  }

  private boolean shows(String row) {
    List<JsonObject> s = seen();
    return !s.isEmpty() && s.get(s.size() - 1).getJsonArray("rows").contains(row)
        && "live".equals(s.get(s.size() - 1).getString("stream"));
  }

  /** The journal's VRRP transitions so far (the stream replayed from the start, for two seconds). */
  private List<JsonObject> transitions(String lastEventId) throws Exception {
    List<String> args = new ArrayList<>(List.of("-N", "--max-time", "2"));
    if (lastEventId != null) {
      args.addAll(List.of("-H", "Last-Event-ID: " + lastEventId));
    }
    args.add(GATEWAY + "/api/events?type=vrrp_transition" + (lastEventId == null ? "&since=0" : ""));
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", net.client, "curl", "-sS"));
    cmd.addAll(args);
    return ProcessResult.run(null, cmd).output().lines().filter(l -> l.startsWith("data: "))
        .map(l -> new JsonObject(l.substring(6))).toList();
  }

  @Test
  void aNewcomerWatchesAFailoverLiveAndHandsTheVipBack() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")), "skipped: chromium is not installed");
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/promtool")), "skipped: promtool (Debian prometheus) is not installed");
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    lab.start(List.of("ip", "netns", "exec", net.client, javaBin, "-cp", System.getProperty("java.class.path"),
        LabReceiver.class.getName(), "198.18.0.3", "8080", "2525", dir.resolve("received.jsonl").toString(), "k"),
        dir.resolve("receiver.log"));
    Netns.await(() -> "the web server listens\n" + file("receiver.log"), 30_000, () -> file("receiver.log").contains("listening"));
    Path ka = dir.resolve("keepalived.conf");
    Files.writeString(ka, "global_defs {\n router_id ka\n vrrp_version 3\n}\n" + instance(150));
    Process keepalived = lab.start(List.of("ip", "netns", "exec", net.a, "/usr/sbin/keepalived", "-n", "-l", "-D", "-P", "-f",
        ka.toString(), "-p", dir.resolve("ka.pid").toString(), "-r", dir.resolve("ka-vrrp.pid").toString()),
        dir.resolve("keepalived.log"));
    Netns.await("keepalived is MASTER", 20_000, () -> net.hasAddress(net.a, VIP));

    Path conf = dir.resolve("ours.conf");
    Files.writeString(conf, "global_defs {\n router_id ours\n vrrp_version 3\n}\n" + instance(100)
        + "virtual_server 198.18.0.200 80 {\n delay_loop 1\n protocol TCP\n quorum 1\n"
        + " real_server 198.18.0.3 8080 {\n  weight 3\n  TCP_CHECK {\n   connect_timeout 2\n  }\n }\n}\n");
    lab.start(List.of("ip", "netns", "exec", net.b, "env", "VERTALIVED_API_TOKEN=" + TOKEN, InteropLab.launcher(),
        "--services", "vrrp,checker,gateway", "-f", conf.toString(), "-p", dir.resolve("ours.pid").toString(),
        "--gateway-address", "198.18.0.2", "--gateway-port", "8480"), dir.resolve("vertalived.log"));
    Netns.await(() -> "the gateway is ready\n" + logs(), 30_000, () -> {
      try {
        return status(curl(GATEWAY + "/health/ready")) == 200;
      } catch (Exception e) {
        return false;
      }
    });
    lab.start(List.of("ip", "netns", "exec", net.client, javaBin, "-cp", System.getProperty("java.class.path"),
        DashboardProbe.class.getName(), GATEWAY + "/"), dir.resolve("dashboard.log"));
    Netns.await(() -> "the dashboard shows our BACKUP, live\n" + logs(), 60_000, () -> shows("ours/VI_1 BACKUP"));

    JsonObject vi1 = new JsonObject(body(curl(GATEWAY + "/api/instances/ours/VI_1")));
    assertEquals("BACKUP", vi1.getString("state"), vi1.encode());
    assertEquals("198.18.0.1", vi1.getString("masterAddress"));
    assertTrue(vi1.getJsonObject("counters").getLong("advertRcvd") > 0, vi1.encode());
    Netns.await(() -> "the real server is up\n" + logs(), 20_000, () -> {
      try {
        return body(curl(GATEWAY + "/api/virtual-servers")).contains("\"alive\":true");
      } catch (Exception e) {
        return false;
      }
    });

    long killedAt = System.currentTimeMillis();
    Netns.run("kill", "-9", Long.toString(keepalived.pid()));
    Netns.await(() -> "ours takes the VIP\n" + logs(), 10_000, () -> net.hasAddress(net.b, VIP));
    Netns.await(() -> "the dashboard shows our MASTER\n" + logs(), 10_000, () -> shows("ours/VI_1 MASTER"));
    long shownAt = seen().stream().filter(s -> s.getLong("at") >= killedAt && s.getJsonArray("rows").contains("ours/VI_1 MASTER"))
        .findFirst().orElseThrow().getLong("at");
    JsonObject master = transitions(null).stream().filter(t -> t.getString("to").equals("MASTER")
        && java.time.Instant.parse(t.getString("timestamp")).toEpochMilli() >= killedAt).findFirst().orElseThrow();
    long happenedAt = java.time.Instant.parse(master.getString("timestamp")).toEpochMilli();
    assertTrue(shownAt - happenedAt < 1_000, "the dashboard showed the transition " + (shownAt - happenedAt) + " ms after it"
        + " (" + master.encode() + ")\n" + logs());

    ProcessResult metrics = curl(GATEWAY + "/metrics");
    assertEquals(200, status(metrics));
    Path scrape = dir.resolve("metrics.txt");
    Files.writeString(scrape, body(metrics));
    ProcessResult checked = ProcessResult.run(null, List.of("sh", "-c", "promtool check metrics < " + scrape));
    assertEquals(0, checked.exitCode(), "promtool: " + checked.output());
    String text = body(metrics);
    assertTrue(text.contains("vertalived_vrrp_state{node=\"ours\",member=\"local\",state=\"MASTER\",vrrp_instance=\"VI_1\"} 1"),
        text);
    assertTrue(text.contains("vertalived_vrrp_failover_seconds_count{node=\"ours\",member=\"local\",vrrp_instance=\"VI_1\"} 1"),
        text);
    assertTrue(text.contains("vertalived_real_server_up{node=\"ours\",member=\"local\",real_server=\"198.18.0.3:8080\""),
        text);
    assertTrue(text.contains("vertalived_process_up{node=\"ours\",member=\"local\""), text);
    assertTrue(text.contains("jvm_memory_used_bytes{node=\"ours\""), text);

    // keepalived comes back lower: ours stays MASTER; a handover gives it the VIP
    Files.writeString(ka, "global_defs {\n router_id ka\n vrrp_version 3\n}\n" + instance(50));
    lab.start(List.of("ip", "netns", "exec", net.a, "/usr/sbin/keepalived", "-n", "-l", "-D", "-P", "-f", ka.toString(),
        "-p", dir.resolve("ka2.pid").toString(), "-r", dir.resolve("ka2-vrrp.pid").toString()), dir.resolve("keepalived2.log"));
    Netns.await(() -> "keepalived is BACKUP\n" + file("keepalived2.log"), 20_000,
        () -> file("keepalived2.log").contains("Entering BACKUP STATE"));
    assertEquals(401, status(curl("-X", "POST", GATEWAY + "/api/instances/ours/VI_1/handover")), "no token, no handover");
    ProcessResult handover = curl("-X", "POST", "-H", "Authorization: Bearer " + TOKEN,
        GATEWAY + "/api/instances/ours/VI_1/handover");
    assertEquals(200, status(handover), handover.output());
    assertTrue(new JsonObject(body(handover)).getBoolean("handedOver"), handover.output());
    Netns.await("keepalived has the VIP", 10_000, () -> net.hasAddress(net.a, VIP));
    Netns.await(() -> "the dashboard shows our BACKUP again\n" + logs(), 10_000, () -> shows("ours/VI_1 BACKUP"));

    // a client that saw the MASTER transition reconnects with its id: it gets what came after, exactly
    List<JsonObject> after = transitions(Long.toString(master.getLong("id")));
    assertEquals(List.of("MASTER->BACKUP"), after.stream().map(t -> t.getString("from") + "->" + t.getString("to")).toList(),
        after.toString());
    JsonArray rows = seen().get(seen().size() - 1).getJsonArray("rows");
    assertEquals(1, rows.size(), rows.encode());
  }

  /**
   * A v2 instance with a password: a different one on each side makes each refuse the other's
   * adverts. keepalived 2.2.7 restarts its MASTER's advert timer at every packet it reads, refused
   * ones too (vrrp_scheduler.c, vrrp_dispatcher_read): a peer advertising as often as it does
   * silences it. Ours advertises every 2 s and keepalived every second, so keepalived goes on being
   * heard.
   */
  private static String passwordInstance(int priority, String password, int advertInt) {
    return "vrrp_instance VI_1 {\n state BACKUP\n interface eth0\n virtual_router_id 51\n priority " + priority
        + "\n advert_int " + advertInt + "\n authentication {\n  auth_type PASS\n  auth_pass " + password + "\n }\n"
        + " virtual_ipaddress {\n  " + VIP + "/32 dev eth0\n }\n}\n";
  }

  private List<JsonObject> events(String type) throws Exception {
    return ProcessResult.run(null, List.of("ip", "netns", "exec", net.client, "curl", "-sS", "-N", "--max-time", "2",
        GATEWAY + "/api/events?since=0&type=" + type)).output().lines().filter(l -> l.startsWith("data: "))
        .map(l -> new JsonObject(l.substring(6))).toList();
  }

  private String tcpdump() {
    try {
      return ProcessResult.run(null, List.of("ip", "netns", "exec", net.a, "timeout", "3", "tcpdump", "-c", "4", "-i", "eth0",
          "-n", "-v", "vrrp")).output() + ProcessResult.run(null, List.of("ip", "netns", "exec", net.a, "ip", "addr")).output();
    } catch (Exception e) {
      return e.toString();
    }
  }

  private String status() {
    try {
      return body(curl(GATEWAY + "/api/instances/ours/VI_1"));
    } catch (Exception e) {
      return e.toString();
    }
  }

  @Test
  void aPasswordMismatchWithKeepalivedIsRaisedAsADualMasterAndClearedWhenFixed() throws Exception {
    Path ka = dir.resolve("keepalived.conf");
    Files.writeString(ka, "global_defs {\n router_id ka\n vrrp_version 2\n}\n" + passwordInstance(150, "theirs", 1));
    Process keepalived = lab.start(List.of("ip", "netns", "exec", net.a, "/usr/sbin/keepalived", "-n", "-l", "-D", "-P", "-f",
        ka.toString(), "-p", dir.resolve("ka.pid").toString(), "-r", dir.resolve("ka-vrrp.pid").toString()),
        dir.resolve("keepalived.log"));
    Netns.await("keepalived is MASTER", 20_000, () -> net.hasAddress(net.a, VIP));
    Path conf = dir.resolve("ours.conf");
    Files.writeString(conf, "global_defs {\n router_id ours\n vrrp_version 2\n}\n" + passwordInstance(100, "ours", 2));
    lab.start(List.of("ip", "netns", "exec", net.b, InteropLab.launcher(), "--services", "vrrp,gateway", "-f",
        conf.toString(), "-p", dir.resolve("ours.pid").toString(), "--gateway-address", "198.18.0.2", "--gateway-port",
        "8480"), dir.resolve("vertalived.log"));
    // ours refuses keepalived's adverts (another password): both are MASTER
    Netns.await(() -> "ours takes the VIP too\n" + logs(), 30_000, () -> net.hasAddress(net.b, VIP));
    Netns.await(() -> "the dual master is raised\n" + logs() + "\n--- keepalived.log\n" + file("keepalived.log")
        + "\n--- status\n" + status() + "\n--- tcpdump\n" + tcpdump(), 10_000, () -> {
      try {
        return events("alert").stream().anyMatch(e -> e.getString("to").equals("RAISED")
            && e.getString("from").equals("dual_master"));
      } catch (Exception e) {
        return false;
      }
    });
    // (keepalived, MASTER too, also answers ARP for the VIP: a duplicate_vip alert comes as well)
    JsonObject raised = events("alert").stream().filter(e -> e.getString("from").equals("dual_master")).findFirst()
        .orElseThrow();
    assertEquals("dual_master", raised.getString("from"));
    assertEquals("VI_1", raised.getString("instance"));
    assertTrue(raised.getString("reason").startsWith("198.18.0.1 also advertises VRID 51 on eth0 while this router is"
        + " MASTER (adverts this router refuses"), raised.encode());
    JsonObject master = events("vrrp_transition").stream().filter(e -> e.getString("to").equals("MASTER")).findFirst()
        .orElseThrow();
    long after = java.time.Duration.between(java.time.Instant.parse(master.getString("timestamp")),
        java.time.Instant.parse(raised.getString("timestamp"))).toMillis();
    // heard for one of our advert intervals (2 s), then raised
    assertTrue(after < 4_500, "raised " + after + " ms after ours became MASTER");
    assertTrue(body(curl(GATEWAY + "/metrics")).contains(
        "vertalived_vrrp_dual_master{node=\"ours\",member=\"local\",vrrp_instance=\"VI_1\"} 1"));

    // the operator fixes keepalived's password: ours hears a higher priority it accepts, and yields
    Netns.run("kill", "-9", Long.toString(keepalived.pid()));
    Files.writeString(ka, "global_defs {\n router_id ka\n vrrp_version 2\n}\n" + passwordInstance(150, "ours", 2));
    lab.start(List.of("ip", "netns", "exec", net.a, "/usr/sbin/keepalived", "-n", "-l", "-D", "-P", "-f", ka.toString(),
        "-p", dir.resolve("ka2.pid").toString(), "-r", dir.resolve("ka2-vrrp.pid").toString()), dir.resolve("keepalived2.log"));
    Netns.await(() -> "the dual master is cleared\n" + logs(), 20_000, () -> {
      try {
        return events("alert").stream().anyMatch(e -> e.getString("to").equals("CLEARED")
            && e.getString("from").equals("dual_master"));
      } catch (Exception e) {
        return false;
      }
    });
    Netns.await("ours gave the VIP up", 10_000, () -> !net.hasAddress(net.b, VIP));
    assertTrue(body(curl(GATEWAY + "/metrics")).contains(
        "vertalived_vrrp_dual_master{node=\"ours\",member=\"local\",vrrp_instance=\"VI_1\"} 0"));
  }
}
