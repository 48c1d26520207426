package io.vertalived.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end in the namespace lab: Debian's keepalived is MASTER in A; vertalived (VRRP and
 * notifier) is BACKUP in B with two webhooks (JSON and Slack) and e-mail alerts, all to the
 * lab's receiver in C ({@link LabReceiver}). keepalived is killed: ours takes over, and each
 * webhook gets exactly one signed request for the new MASTER, with its reason, and one e-mail
 * arrives as keepalived writes it; keepalived comes back and takes the VIP again: its BACKUP
 * event follows the MASTER one on each endpoint, in order.
 */
class NotifierFailoverIT {
  private static final String VIP = "198.18.0.100";
  @TempDir
  Path dir;
  private InteropLab lab;
  private Netns net;

  @BeforeEach
  void namespaces() throws Exception {
    lab = InteropLab.open("vtn");
    net = lab.net;
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (lab != null) {
      lab.close();
    }
  }

  private static String instance(int priority) {
    return "vrrp_instance VI_1 {\n state BACKUP\n interface eth0\n virtual_router_id 51\n priority " + priority
        + "\n advert_int 0.1\n virtual_ipaddress {\n  " + VIP + "/32 dev eth0\n }\n}\n";
  }

  private String file(String name) {
    try {
      return Files.readString(dir.resolve(name));
    } catch (java.io.IOException e) {
      return "";
    }
  }

  private List<JsonObject> received() {
    return file("received.jsonl").lines().map(JsonObject::new).toList();
  }

  /**
   * The transition webhooks to {@code path} (the JSON body's type, or a Slack text "[ours] VRRP Instance ..."): an alert may
   * come between them (a duplicate VIP seen in the instant keepalived preempts ours: its VIP is up before its advert
   * has made ours BACKUP).
   */
  private List<JsonObject> hooks(String path) {
    return received().stream().filter(o -> o.getString("kind").equals("http") && o.getString("path").equals(path))
        .filter(o -> o.getJsonObject("body").containsKey("text")
            ? o.getJsonObject("body").getString("text").startsWith("[ours] VRRP Instance ")
            : "vrrp_transition".equals(o.getJsonObject("body").getString("type")))
        .toList();
  }

  private String logs() {
    return "--- vertalived.log\n" + file("vertalived.log") + "--- receiver.log\n" + file("receiver.log") + "--- received\n"
        + file("received.jsonl");
  }

  @Test
  void aFailoverSendsOneSignedWebhookPerEndpointAndOneMail() throws Exception {
    lab.start(List.of("ip", "netns", "exec", net.client, Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), LabReceiver.class.getName(), "198.18.0.3", "8080", "2525",
        dir.resolve("received.jsonl").toString(), "k3y"), dir.resolve("receiver.log"));
    Netns.await(() -> "the receiver listens\n" + logs(), 30_000, () -> file("receiver.log").contains("listening"));
    Path ka = dir.resolve("keepalived.conf");
    Files.writeString(ka, "global_defs {\n router_id ka\n vrrp_version 3\n}\n" + instance(150));
    Process keepalived = lab.start(List.of("ip", "netns", "exec", net.a, "/usr/sbin/keepalived", "-n", "-l", "-D", "-P", "-f",
        ka.toString(), "-p", dir.resolve("ka.pid").toString(), "-r", dir.resolve("ka-vrrp.pid").toString()),
        dir.resolve("keepalived.log"));
    Netns.await("keepalived is MASTER", 20_000, () -> net.hasAddress(net.a, VIP));
    Path conf = dir.resolve("ours.conf");
    Files.writeString(conf, "global_defs {\n router_id ours\n vrrp_version 3\n notification_email {\n  ops@example.net\n }\n"
        + " notification_email_from ours@example.net\n smtp_server 198.18.0.3 2525\n smtp_alert\n}\n" + instance(100)
        + "vertalived_webhook ops {\n url http://198.18.0.3:8080/ops\n secret k3y\n}\n"
        + "vertalived_webhook chat {\n url http://198.18.0.3:8080/chat\n secret k3y\n format slack\n}\n");
    List<String> cmd = List.of("ip", "netns", "exec", net.b, "env", "VERTALIVED_STATE_DIR=" + dir.resolve("state"),
        InteropLab.launcher(), "--services", "vrrp,notifier", "-f", conf.toString(), "-p", dir.resolve("ours.pid").toString());
    lab.start(cmd, dir.resolve("vertalived.log"));
    Netns.await(() -> "ours reports BACKUP on both webhooks\n" + logs(), 30_000,
        () -> hooks("/ops").size() == 1 && hooks("/chat").size() == 1);
    assertEquals("BACKUP", hooks("/ops").get(0).getJsonObject("body").getString("to"));

    Netns.run("kill", "-9", Long.toString(keepalived.pid()));
    Netns.await(() -> "ours takes the VIP\n" + logs(), 10_000, () -> net.hasAddress(net.b, VIP));
    Netns.await(() -> "the MASTER webhooks and mail\n" + logs(), 15_000,
        () -> hooks("/ops").size() == 2 && hooks("/chat").size() == 2
            && received().stream().anyMatch(o -> o.getString("kind").equals("smtp") && o.getString("subject").contains("MASTER")));
    JsonObject master = hooks("/ops").get(1);
    assertTrue(master.getBoolean("signed"), master.encode());
    assertEquals("MASTER", master.getJsonObject("body").getString("to"));
    assertEquals("VI_1", master.getJsonObject("body").getString("instance"));
    assertTrue(!master.getJsonObject("body").getString("reason").isBlank(), master.encode());
    String chat = hooks("/chat").get(1).getJsonObject("body").getString("text");
    assertTrue(chat.startsWith("[ours] VRRP Instance VI_1 BACKUP -> MASTER (priority 100): "), chat);
    JsonObject mail = received().stream().filter(o -> o.getString("kind").equals("smtp") && o.getString("subject").contains("MASTER"))
        .findFirst().orElseThrow();
    assertEquals("[ours] VRRP Instance VI_1 - Entering MASTER state", mail.getString("subject"));
    assertEquals("=> VRRP Instance is now owning VRRP VIPs <=", mail.getString("body"));

    // keepalived comes back at 150 and takes the VIP: its BACKUP event follows on each endpoint
    lab.start(List.of("ip", "netns", "exec", net.a, "/usr/sbin/keepalived", "-n", "-l", "-D", "-P", "-f", ka.toString(),
        "-p", dir.resolve("ka2.pid").toString(), "-r", dir.resolve("ka2-vrrp.pid").toString()), dir.resolve("keepalived2.log"));
    Netns.await(() -> "the BACKUP webhooks after keepalived's return\n" + logs(), 20_000,
        () -> hooks("/ops").size() == 3 && hooks("/chat").size() == 3);
    List<String> ops = hooks("/ops").stream().map(o -> o.getJsonObject("body").getString("to")).toList();
    assertEquals(List.of("BACKUP", "MASTER", "BACKUP"), ops, "exactly one MASTER, in order");
    assertEquals(3, hooks("/ops").stream().map(o -> o.getString("key")).distinct().count());
    Netns.await(() -> "three mails: BACKUP at start, MASTER, BACKUP\n" + logs(), 15_000,
        () -> received().stream().filter(o -> o.getString("kind").equals("smtp")).count() == 3);
    assertEquals(List.of("[ours] VRRP Instance VI_1 - Entering BACKUP state", "[ours] VRRP Instance VI_1 - Entering MASTER state",
        "[ours] VRRP Instance VI_1 - Entering BACKUP state"), received().stream().filter(o -> o.getString("kind").equals("smtp"))
        .map(o -> o.getString("subject")).toList());
  }
}
