package io.vertalived.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fat jar through {@code ./vertalived}: starts (every service, the gateway answering its
 * health probe), logs one JSON line per event, stops on SIGTERM.
 */
class LauncherRunIT {
  @TempDir
  Path dir;

  @Test
  void runsUntilTerminatedAndLogsJsonLines() throws Exception {
    Path home = Path.of(System.getProperty("vertalived.home", "..")).toRealPath();
    Path conf = dir.resolve("k.conf");
    Files.writeString(conf, "global_defs {\n router_id itnode\n}\n");
    Process p = new ProcessBuilder(home.resolve("vertalived").toString(), "-f", conf.toString(),
        "--log-format", "json", "--gateway-port", "0", "--health-port", "0").redirectErrorStream(true).start();
    List<String> lines = new ArrayList<>();
    int[] ready = {0, 0};
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      String gateway = null;
      String probes = null;
      while ((line = r.readLine()) != null) {
        lines.add(line);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("gateway listening on (?:http://)?(127\\.0\\.0\\.1:\\d+)").matcher(line);
        if (m.find()) {
          gateway = m.group(1);
        }
        java.util.regex.Matcher h = java.util.regex.Pattern.compile("health probes on http://(127\\.0\\.0\\.1:\\d+)")
            .matcher(line);
        if (h.find()) {
          probes = h.group(1);
        }
        if (line.contains("running")) {
          if (probes != null) {
            ready[1] = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://" + probes + "/health/ready")).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
          }
          if (gateway != null) {
            ready[0] = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://" + gateway + "/health/ready")).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
          }
          // SIGTERM as an operator's stop would send it (Process.destroy would close our pipe)
          new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
        }
      }
    }
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertTrue(lines.stream().anyMatch(l -> l.contains("vertalived node itnode running")), lines.toString());
    assertTrue(lines.stream().anyMatch(l -> l.contains("\"message\":\"stopping\"")), lines.toString());
    assertTrue(lines.stream().noneMatch(l -> l.contains("\"level\":\"WARN\"") || l.contains("\"level\":\"ERROR\"")),
        "a plain start logs no warning: " + lines);
    for (String l : lines) {
      assertEquals('{', l.charAt(0), "every log line is one JSON object: " + l);
      new io.vertx.core.json.JsonObject(l);
    }
    assertEquals(143, p.exitValue());
    assertEquals(200, ready[0], "the gateway is ready: " + lines);
    assertEquals(200, ready[1], "the process's own probe says ready: " + lines);
  }

  @Test
  void aSighupDuringStartUpReloadsOnceStartedInsteadOfEndingTheProcess() throws Exception {
    Path home = Path.of(System.getProperty("vertalived.home", "..")).toRealPath();
    Path conf = dir.resolve("k.conf");
    Files.writeString(conf, "global_defs {\n router_id itnode\n}\n");
    Process p = new ProcessBuilder(home.resolve("vertalived").toString(), "-f", conf.toString(),
        "--gateway-port", "0", "-p", dir.resolve("v.pid").toString()).redirectErrorStream(true).start();
    List<String> lines = new ArrayList<>();
    boolean hup = false;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        lines.add(line);
        if (!hup && line.contains("service ") && line.contains(" started")) {
          hup = true; // the services are starting: `systemctl reload` at an odd time
          new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start().waitFor();
        }
        if (line.contains("Reload complete")) {
          new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
        }
      }
    }
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(143, p.exitValue(), "the SIGHUP did not end it; the SIGTERM did: " + lines);
    assertTrue(lines.stream().anyMatch(l -> l.contains("running")), lines.toString());
    assertTrue(lines.stream().anyMatch(l -> l.contains("Reloading ... (SIGHUP")), lines.toString());
  }

  /** Started under nohup (SIGHUP ignored, inherited): SIGHUP reloads all the same, as keepalived's does. */
  @Test
  void aNodeStartedUnderNohupReloadsOnSighup() throws Exception {
    Path home = Path.of(System.getProperty("vertalived.home", "..")).toRealPath();
    Path conf = dir.resolve("k.conf");
    Files.writeString(conf, "global_defs {\n router_id itnode\n}\n");
    Process p = new ProcessBuilder("nohup", home.resolve("vertalived").toString(), "-f", conf.toString(),
        "--gateway-port", "0", "-p", dir.resolve("v.pid").toString()).redirectErrorStream(true).start();
    // a SIGHUP that goes unheard would leave it running: ended after 60 s, the assertions below then say so
    java.util.concurrent.CompletableFuture.delayedExecutor(60, TimeUnit.SECONDS).execute(p::destroyForcibly);
    List<String> lines = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        lines.add(line);
        if (line.contains("vertalived node itnode running")) {
          new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start().waitFor();
        }
        if (line.contains("Reload complete")) {
          new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
        }
      }
    }
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(143, p.exitValue(), "the SIGHUP did not end it (or went unheard); the SIGTERM did: " + lines);
    assertTrue(lines.stream().anyMatch(l -> l.contains("SIGHUP was ignored when vertalived started")), lines.toString());
    assertTrue(lines.stream().anyMatch(l -> l.contains("Reloading ... (SIGHUP)")), lines.toString());
  }

  @Test
  void aServiceThatCannotStartSaysWhyAndExits1() throws Exception {
    Path home = Path.of(System.getProperty("vertalived.home", "..")).toRealPath();
    Path conf = dir.resolve("k.conf");
    // dynamic_interfaces: the configuration is fine; the interface is missing when VRRP starts
    Files.writeString(conf, "global_defs {\n router_id itnode\n dynamic_interfaces\n}\n"
        + "vrrp_instance VI_1 {\n interface nosuch0\n virtual_router_id 51\n virtual_ipaddress {\n  198.18.0.100\n }\n}\n");
    Process p = new ProcessBuilder(home.resolve("vertalived").toString(), "-P", "-f", conf.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(1, p.exitValue(), out);
    assertTrue(out.contains("cannot start: interface nosuch0 of VI_1"), "the reason reaches the log before the exit: " + out);
  }
}
