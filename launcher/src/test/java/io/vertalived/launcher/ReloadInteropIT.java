package io.vertalived.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reload of a running node with Debian's keepalived as its peer, in namespaces this test makes:
 * SIGHUP with a changed configuration leaves the unchanged instance alone (no transition, no
 * notify, its VIP never removed, a client pinging it every millisecond loses nothing), hands a
 * removed instance over to keepalived (priority 0) and starts an added one; a configuration with
 * errors changes nothing, whether signalled or refused first by {@code vertalived reload}.
 */
class ReloadInteropIT {
  private static final String VIP1 = "198.18.0.100";
  private static final String VIP2 = "198.18.0.102";
  private static final String VIP3 = "198.18.0.103";
  @TempDir
  Path dir;
  private InteropLab lab;
  private Netns net;

  @BeforeEach
  void namespaces() throws Exception {
    lab = InteropLab.open("vtr");
    net = lab.net;
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (lab != null) {
      lab.close();
    }
  }

  private static String instance(String name, int vrid, int priority, String vip, String extra) {
    return "vrrp_instance " + name + " {\n state BACKUP\n interface eth0\n virtual_router_id " + vrid + "\n priority "
        + priority + "\n advert_int 0.1\n" + extra + " virtual_ipaddress {\n  " + vip + "/32 dev eth0\n }\n}\n";
  }

  private String ours(String... instances) {
    return "global_defs {\n router_id ours\n vrrp_version 3\n enable_script_security\n script_user root\n}\n"
        + String.join("", instances);
  }

  private String notifyLine() throws Exception {
    Path script = dir.resolve("notify.sh");
    Files.writeString(script, "#!/bin/sh\necho \"$@\" >> " + dir.resolve("notify.log") + "\n");
    script.toFile().setExecutable(true);
    return " notify " + script + "\n";
  }

  private Process start(List<String> cmd, String log) throws Exception {
    return lab.start(cmd, dir.resolve(log));
  }


  private String log(String name) {
    try {
      return Files.readString(dir.resolve(name));
    } catch (java.io.IOException e) {
      return "";
    }
  }

  private String logs() {
    return "--- vertalived.log\n" + log("vertalived.log") + "--- keepalived.log\n" + log("keepalived.log");
  }

  private long count(String text, String log) {
    String all = log(log);
    return all.isEmpty() ? 0 : all.split(java.util.regex.Pattern.quote(text), -1).length - 1;
  }

  @Test
  void sighupAppliesADifferenceAndABadConfigurationChangesNothing() throws Exception {
    String notify = notifyLine();
    Path ka = dir.resolve("keepalived.conf");
    Files.writeString(ka, "global_defs {\n router_id ka\n vrrp_version 3\n}\n"
        + instance("VI_1", 51, 100, VIP1, "") + instance("VI_2", 52, 100, VIP2, "") + instance("VI_3", 53, 100, VIP3, ""));
    start(List.of("ip", "netns", "exec", net.a, "/usr/sbin/keepalived", "-n", "-l", "-D", "-P", "-f", ka.toString(),
        "-p", dir.resolve("ka.pid").toString(), "-r", dir.resolve("ka-vrrp.pid").toString()), "keepalived.log");
    Path conf = dir.resolve("ours.conf");
    Path pid = dir.resolve("ours.pid");
    Files.writeString(conf, ours(instance("VI_1", 51, 150, VIP1, notify), instance("VI_2", 52, 150, VIP2, notify)));
    Process ours = start(List.of("ip", "netns", "exec", net.b, InteropLab.launcher(), "-P", "-f", conf.toString(),
        "-p", pid.toString()), "vertalived.log");
    Netns.await(() -> "ours master of VI_1 and VI_2, keepalived of VI_3\n" + logs(), 20_000,
        () -> net.hasAddress(net.b, VIP1) && net.hasAddress(net.b, VIP2) && net.hasAddress(net.a, VIP3)
            && !net.hasAddress(net.a, VIP1) && !net.hasAddress(net.a, VIP2));
    Netns.await(() -> "notifies of the takeovers\n" + log("notify.log"), 5_000,
        () -> count("MASTER", "notify.log") == 2);
    Netns.await(() -> "the pid file\n" + logs(), 5_000, () -> Files.exists(pid));
    assertEquals(Long.toString(ours.pid()), Files.readString(pid).strip());

    // the client pings VI_1's VIP every millisecond; ours' namespace is watched for address removals
    Process watch = start(List.of("ip", "-n", net.b, "monitor", "address"), "monitor.log");
    Process ping = start(List.of("ip", "netns", "exec", net.client, "ping", "-q", "-i", "0.001", VIP1), "ping.log");
    Netns.await("the monitor and ping run", 5_000, () -> watch.isAlive() && ping.isAlive());
    long notifiesBefore = count("INSTANCE", "notify.log");

    // reload 1: VI_1 unchanged, VI_2 removed, VI_3 added (ours at 150 takes it from keepalived)
    Files.writeString(conf, ours(instance("VI_1", 51, 150, VIP1, notify), instance("VI_3", 53, 150, VIP3, notify)));
    Netns.run("kill", "-HUP", Long.toString(ours.pid()));
    Netns.await(() -> "reload 1 complete\n" + logs(), 15_000, () -> log("vertalived.log").contains("Reload complete"));
    Netns.await(() -> "VI_2 handed to keepalived, VI_3 taken by ours\n" + logs(), 10_000,
        () -> net.hasAddress(net.a, VIP2) && !net.hasAddress(net.b, VIP2) && net.hasAddress(net.b, VIP3)
            && !net.hasAddress(net.a, VIP3));
    new ProcessBuilder("kill", "-INT", Long.toString(ping.pid())).start().waitFor();
    assertTrue(ping.waitFor(10, TimeUnit.SECONDS));
    String summary = log("ping.log");
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+) packets transmitted, (\\d+) received").matcher(summary);
    assertTrue(m.find(), summary);
    long sent = Long.parseLong(m.group(1));
    long lost = sent - Long.parseLong(m.group(2));
    System.out.println("reload: the client lost " + lost + " of " + sent + " pings to the unchanged instance's VIP");
    assertTrue(sent > 200, summary);
    assertTrue(lost <= 1, "lost " + lost + " of " + sent + " pings (one may be in flight at the interrupt)\n" + summary);
    String monitored = log("monitor.log");
    assertFalse(monitored.contains("Deleted") && monitored.lines().anyMatch(l -> l.startsWith("Deleted") && l.contains(VIP1 + "/")),
        "VI_1's VIP was removed during the reload:\n" + monitored);
    assertTrue(monitored.lines().anyMatch(l -> l.startsWith("Deleted") && l.contains(VIP2 + "/")), monitored);
    String ourLog = log("vertalived.log");
    assertEquals(1, count("(VI_1) Entering MASTER STATE", "vertalived.log"), ourLog);
    assertTrue(ourLog.contains("reload: VRRP instance VI_2 removed") && ourLog.contains("reload: VRRP instance VI_3 added"), ourLog);
    assertTrue(log("keepalived.log").contains("(VI_2) Entering MASTER STATE"), logs());
    Netns.await(() -> "notifies of the reload\n" + log("notify.log"), 5_000,
        () -> log("notify.log").contains("INSTANCE VI_2 FAULT") && log("notify.log").contains("INSTANCE VI_3 MASTER"));
    List<String> reloadNotifies = log("notify.log").lines().skip(notifiesBefore).toList();
    assertTrue(reloadNotifies.stream().noneMatch(l -> l.contains("VI_1")), "no notify for the unchanged VI_1: " + reloadNotifies);

    // reload 2: a configuration with errors is refused by the reload command before any signal ...
    String good = Files.readString(conf);
    Files.writeString(conf, good.replace(" priority 150\n", " priority 150\n no_such_keyword 7\n"));
    ProcessResult refused = ProcessResult.run(null, List.of("ip", "netns", "exec", net.b, InteropLab.launcher(), "-f", conf.toString(),
        "-p", pid.toString(), "reload"));
    assertEquals(5, refused.exitCode(), refused.output());
    assertTrue(refused.output().contains("no_such_keyword") && refused.output().contains("not reloaded"), refused.output());
    // ... and by the node itself when signalled anyway: nothing changes
    long completeBefore = count("Reload complete", "vertalived.log");
    Netns.run("kill", "-HUP", Long.toString(ours.pid()));
    Netns.await(() -> "reload 2 refused\n" + logs(), 15_000, () -> log("vertalived.log").contains("reload refused"));
    assertEquals(completeBefore, count("Reload complete", "vertalived.log"));
    assertTrue(net.hasAddress(net.b, VIP1) && net.hasAddress(net.b, VIP3) && !net.hasAddress(net.b, VIP2), this::logs);

    // reload 3 through the command with a good configuration: VI_1's priority changes without a transition
    Files.writeString(conf, good.replace("virtual_router_id 51\n priority 150", "virtual_router_id 51\n priority 160"));
    ProcessResult sent3 = ProcessResult.run(null, List.of("ip", "netns", "exec", net.b, InteropLab.launcher(), "-f", conf.toString(),
        "-p", pid.toString(), "reload"));
    assertEquals(0, sent3.exitCode(), sent3.output());
    Netns.await(() -> "reload 3 complete\n" + logs(), 15_000, () -> count("Reload complete", "vertalived.log") == completeBefore + 1);
    assertTrue(log("vertalived.log").contains("reload: VI_1: priority 150 -> 160"), this::logs);
    assertEquals(1, count("(VI_1) Entering MASTER STATE", "vertalived.log"), this::logs);
    assertTrue(net.hasAddress(net.b, VIP1) && !net.hasAddress(net.a, VIP1), this::logs);
  }
}
