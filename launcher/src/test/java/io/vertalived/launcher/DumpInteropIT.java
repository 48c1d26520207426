package io.vertalived.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * keepalived's signal dumps compared with Debian's keepalived 2.2.7's own: each runs the same
 * configuration alone in the same namespace (one after the other), becomes MASTER, and gets
 * SIGUSR1, SIGUSR2, SIGRTMIN+2 and SIGRTMAX-1; the files are compared line for line, the values
 * that change with time aside (transition and timer times, socket descriptors, counters).
 */
class DumpInteropIT {
  @TempDir
  Path dir;
  private InteropLab lab;
  private Netns net;

  @BeforeEach
  void namespaces() throws Exception {
    lab = InteropLab.open("vtd");
    net = lab.net;
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (lab != null) {
      lab.close();
    }
  }

  private String config() throws Exception {
    Path script = dir.resolve("notify.sh");
    Files.writeString(script, "#!/bin/sh\nexit 0\n");
    script.toFile().setExecutable(true);
    return "global_defs {\n router_id lab\n enable_script_security\n script_user root\n"
        + " reload_time_file " + dir.resolve("reload.time") + "\n reload_repeat\n reload_file " + dir.resolve("k.reload")
        + "\n}\n"
        + "vrrp_script chk_ok {\n script \"" + script + "\"\n interval 2\n timeout 3\n weight -20\n rise 2\n fall 2\n}\n"
        + "vrrp_sync_group SG_1 {\n group {\n  VI_1\n  VI_2\n }\n notify_master \"" + script + " SG_1 MASTER\"\n}\n"
        + "vrrp_instance VI_1 {\n state MASTER\n interface eth0\n virtual_router_id 51\n priority 150\n advert_int 1\n"
        + " authentication {\n  auth_type PASS\n  auth_pass s3cret\n }\n"
        + " virtual_ipaddress {\n  198.18.0.100/24\n  198.18.0.101/24 dev eth0 label eth0:vip1\n }\n"
        + " virtual_routes {\n  198.18.9.0/24 via 198.18.0.3 dev eth0\n }\n"
        + " track_script {\n  chk_ok\n }\n notify_master \"" + script + " VI_1 MASTER\"\n notify \"" + script + "\"\n}\n"
        + "vrrp_instance VI_2 {\n state BACKUP\n version 3\n interface eth0\n virtual_router_id 52\n priority 100\n"
        + " advert_int 1\n nopreempt\n unicast_src_ip 198.18.0.2\n unicast_peer {\n  198.18.0.250\n }\n"
        + " virtual_ipaddress {\n  198.18.0.110/24\n }\n}\n";
  }

  /** Runs {@code command} in namespace B with its dumps going to {@code tmp}; waits until both instances are MASTER. */
  private Process run(List<String> command, Path tmp, String log) throws Exception {
    Files.createDirectories(tmp);
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", net.b, "env", "TMPDIR=" + tmp));
    cmd.addAll(command);
    Process p = lab.start(cmd, dir.resolve(log));
    Netns.await(() -> log + " holds both VIPs\n" + read(dir.resolve(log)), 20_000,
        () -> net.hasAddress(net.b, "198.18.0.101") && net.hasAddress(net.b, "198.18.0.110"));
    return p;
  }

  /** Sends {@code signal} to {@code pid} and waits for {@code file} to be written anew. */
  private static String dump(long pid, String signal, Path file) throws Exception {
    long before = Files.exists(file) ? Files.getLastModifiedTime(file).toMillis() : 0;
    Files.deleteIfExists(file);
    Netns.run("kill", "-" + signal, Long.toString(pid));
    Netns.await(() -> file + " after SIG" + signal, 10_000, () -> Files.exists(file) && read(file).endsWith("\n"));
    assertTrue(Files.getLastModifiedTime(file).toMillis() >= before);
    return read(file);
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      return "";
    }
  }

  /** Times, socket descriptors and counters masked; ours and keepalived's are compared on the rest. */
  static String normalized(String dump) {
    return dump
        .replaceAll("(Last transition|Read timeout) = \\d+\\.\\d{6} \\([^)]*\\)", "$1 = <time>")
        .replaceAll("fd_in \\d+, fd_out \\d+", "fd_in <fd>, fd_out <fd>")
        .replaceAll("fd_in \\d+ fd_out = \\d+", "fd_in <fd> fd_out = <fd>")
        .replaceAll("(?m)^(    Received|    Sent|  Became master|  Released master): \\d+$", "$1: <n>");
  }

  @Test
  void ourDumpsAreKeepalivedsForTheSameConfigurationAndState() throws Exception {
    Path conf = dir.resolve("keepalived.conf");
    Files.writeString(conf, config());
    Path kaTmp = dir.resolve("ka");
    Process ka = run(List.of("/usr/sbin/keepalived", "-n", "-l", "-D", "-P", "-f", conf.toString(),
        "-p", dir.resolve("ka.pid").toString(), "-r", dir.resolve("ka-vrrp.pid").toString()), kaTmp, "keepalived.log");
    long kaVrrp = Long.parseLong(read(dir.resolve("ka-vrrp.pid")).strip());
    String kaData = dump(ka.pid(), "USR1", kaTmp.resolve("keepalived.data"));
    String kaStats = dump(ka.pid(), "USR2", kaTmp.resolve("keepalived.stats"));
    String kaJson = dump(ka.pid(), "36", kaTmp.resolve("keepalived.json"));
    assertTrue(kaVrrp > 0);
    ka.destroy();
    assertTrue(ka.waitFor(10, TimeUnit.SECONDS));
    Netns.await("keepalived released the VIPs", 10_000, () -> !net.hasAddress(net.b, "198.18.0.101"));

    Path ourTmp = dir.resolve("ours");
    Process ours = run(List.of(InteropLab.launcher(), "-P", "-f", conf.toString(), "-p", dir.resolve("ours.pid").toString()), ourTmp, "vertalived.log");
    String ourData = dump(ours.pid(), "USR1", ourTmp.resolve("keepalived.data"));
    String ourStats = dump(ours.pid(), "USR2", ourTmp.resolve("keepalived.stats"));
    String ourJson = dump(ours.pid(), "36", ourTmp.resolve("keepalived.json"));
    String cleared = dump(ours.pid(), "63", ourTmp.resolve("keepalived.stats"));
    String afterClear = dump(ours.pid(), "USR2", ourTmp.resolve("keepalived.stats"));

    assertLines(normalized(kaData), normalized(ourData));
    assertTrue(kaData.contains(" Reload time file = " + dir.resolve("reload.time") + " (repeat)\n No reload scheduled\n"
        + " Reload_file = " + dir.resolve("k.reload") + "\n"), "keepalived's reload lines are compared: " + kaData);
    assertLines(normalized(kaStats), normalized(ourStats));
    assertJson(kaJson, ourJson);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ourTmp.resolve("keepalived.data"))));
    // SIGRTMAX-1 wrote the counters, then cleared them: VI_1 became master once, and 0 times since
    assertTrue(cleared.contains("  Became master: 1\n"), cleared);
    assertTrue(afterClear.startsWith("VRRP Instance: VI_1\n") && afterClear.contains("  Became master: 0\n"), afterClear);
  }

  /** The same keys in the same order; values equal except the transition time and the counters. */
  private static void assertJson(String theirs, String ours) {
    assertTrue(ours.endsWith("]\n") && ours.indexOf('\n') == ours.length() - 1, ours);
    JsonArray a = new JsonArray(theirs);
    JsonArray b = new JsonArray(ours);
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      JsonObject x = a.getJsonObject(i).getJsonObject("data");
      JsonObject y = b.getJsonObject(i).getJsonObject("data");
      assertEquals(List.copyOf(x.fieldNames()), List.copyOf(y.fieldNames()), "keys of instance " + i);
      for (String k : x.fieldNames()) {
        if (!k.equals("last_transition")) {
          assertEquals(x.getValue(k), y.getValue(k), "data." + k + " of instance " + i);
        }
      }
      assertEquals(List.copyOf(a.getJsonObject(i).getJsonObject("stats").fieldNames()),
          List.copyOf(b.getJsonObject(i).getJsonObject("stats").fieldNames()));
    }
  }

  private static void assertLines(String expected, String actual) {
    List<String> e = expected.lines().toList();
    List<String> a = actual.lines().toList();
    for (int i = 0; i < Math.min(e.size(), a.size()); i++) {
      assertEquals(e.get(i), a.get(i), "line " + (i + 1) + "\n--- keepalived\n" + expected + "\n--- ours\n" + actual);
    }
    assertEquals(e.size(), a.size(), "lines\n--- keepalived\n" + expected + "\n--- ours\n" + actual);
  }
}
