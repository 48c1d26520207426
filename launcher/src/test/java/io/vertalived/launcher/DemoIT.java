package io.vertalived.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./vertalived demo} end to end, as a newcomer runs it: up (routers, web servers and sink in namespaces,
 * five JVMs in one cluster), requests through the virtual address answered by both web servers; {@code demo fail
 * r1} moves the address to r2 (the SSE stream shows it, the requests still get answers, the sink gets r2's webhook);
 * {@code demo recover r1} gives it back; {@code demo fail web1} leaves web2 alone behind the address; a service that
 * crashes is said; Ctrl-C ends it and nothing it made is left. A demo killed with -9 while it starts is cleaned by
 * {@code demo down}.
 */
class DemoIT {
  private static final Path HOME = Path.of(System.getProperty("vertalived.home", ".."));
  private static final String VIP = "198.18.200.250";
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<String> output = new CopyOnWriteArrayList<>();
  private final List<JsonObject> events = new CopyOnWriteArrayList<>();
  @TempDir
  Path dir;
  private Path state;
  private int port;
  private Process demo;
  private Thread stream;

  @BeforeEach
  void rootOnly() throws Exception {
    assumeTrue("0".equals(ProcessResult.run(null, List.of("id", "-u")).output().strip()),
        "skipped: the demo needs root (network namespaces)");
    state = dir.resolve("demo");
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
  }

  @AfterEach
  void down() throws Exception {
    if (stream != null) {
      stream.interrupt();
    }
    if (demo != null && demo.isAlive()) {
      demo.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    if (state != null) {
      demo("down");
    }
  }

  private List<String> command(String... args) {
    List<String> cmd = new ArrayList<>(List.of(HOME.resolve("vertalived").toString(), "demo"));
    cmd.addAll(List.of(args));
    return cmd;
  }

  private ProcessResult demo(String... args) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command(args)).redirectErrorStream(true);
    pb.environment().put("VERTALIVED_DEMO_DIR", state.toString());
    pb.environment().put("VERTALIVED_DEMO_PORT", Integer.toString(port));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "demo " + String.join(" ", args) + " ends");
    return new ProcessResult(p.exitValue(), out);
  }

  /** Starts `vertalived demo` in the foreground as a terminal would: SIGINT is Ctrl-C (never inherited ignored). */
  private void startDemo() throws Exception {
    List<String> cmd = new ArrayList<>(List.of("python3", "-c",
        "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])"));
    cmd.addAll(command());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("VERTALIVED_DEMO_DIR", state.toString());
    pb.environment().put("VERTALIVED_DEMO_PORT", Integer.toString(port));
    demo = pb.start();
    InputStream in = demo.getInputStream();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          output.add(line);
        }
      } catch (IOException e) {
        output.add("(reading the demo's output failed: " + e.getMessage() + ")");
      }
    });
    reader.setDaemon(true);
    reader.start();
  }

  private String said() {
    return String.join("\n", output);
  }

  private boolean saidLine(String start) {
    return output.stream().anyMatch(l -> l.startsWith(start));
  }

  private String get(String url) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? r.body().strip() : "status " + r.statusCode();
    } catch (IOException e) {
      return "failed: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** Where {@code n} requests through the virtual address went. */
  private List<String> requests(int n) {
    List<String> to = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      to.add(get("http://" + VIP + "/"));
    }
    return to;
  }

  /** One SSE client for the whole run, from the journal's start: every transition and real-server change. */
  private void follow() {
    stream = new Thread(() -> {
      try {
        HttpResponse<java.util.stream.Stream<String>> r = http.send(HttpRequest.newBuilder(URI.create(
            "http://127.0.0.1:" + port + "/api/events?since=0&type=vrrp_transition,real_server")).build(),
            HttpResponse.BodyHandlers.ofLines());
        r.body().filter(l -> l.startsWith("data: ")).forEach(l -> events.add(new JsonObject(l.substring(6))));
      } catch (IOException e) {
        output.add("(the SSE client failed: " + e.getMessage() + ")");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    stream.setDaemon(true);
    stream.start();
  }

  private long transitions(String node, String from, String to) {
    return events.stream().filter(e -> "vrrp_transition".equals(e.getString("type")) && node.equals(e.getString("node"))
        && from.equals(e.getString("from")) && to.equals(e.getString("to"))).count();
  }

  private String seen() {
    return "events " + events + "\ndemo said:\n" + said();
  }

  /** Nothing the demo made is left: namespaces, links, processes, its directory. */
  private void nothingLeft() throws Exception {
    String netns = ProcessResult.run(null, List.of("ip", "netns", "list")).output();
    assertFalse(netns.contains("vtd-"), netns);
    String links = ProcessResult.run(null, List.of("ip", "-br", "link")).output();
    assertFalse(links.contains("vtd-"), links);
    assertFalse(Files.exists(state), "the demo's directory is gone");
    List<String> ours = ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse(""))
        .filter(c -> c.contains(state.toString())).toList();
    assertEquals(List.of(), ours, "no process of the demo is left");
  }

  @Test
  void upFailRecoverAndCtrlCLeaveNothing() throws Exception {
    startDemo();
    Netns.await(() -> "the demo says it is ready\n" + said(), 240_000,
        () -> saidLine("demo: ready in ") || !demo.isAlive());
    assertTrue(demo.isAlive(), said());
    assertTrue(saidLine("demo:   dashboard     http://127.0.0.1:" + port + "/"), said());
    assertTrue(saidLine("demo:   events (SSE)  curl -N http://127.0.0.1:" + port + "/api/events"), said());
    List<String> up = requests(4);
    assertEquals(2, up.stream().filter("web1"::equals).count(), up.toString());
    assertEquals(2, up.stream().filter("web2"::equals).count(), up.toString());
    follow();
    Netns.await(() -> "the stream shows r1 MASTER\n" + seen(), 10_000, () -> transitions("r1", "BACKUP", "MASTER") == 1);

    // r1 crashes: r2 takes the address, the requests still get answers, the sink gets r2's signed webhook
    ProcessResult fail = demo("fail", "r1");
    assertEquals(0, fail.exitCode(), fail.output());
    assertTrue(fail.output().contains("demo: r1 crashed: its JVM killed, its links down"), fail.output());
    Netns.await(() -> "the stream shows r2 MASTER\n" + seen(), 15_000, () -> transitions("r2", "BACKUP", "MASTER") == 1);
    Netns.await(() -> "the demo's terminal shows it\n" + said(), 10_000,
        () -> saidLine("demo: event: r2 VI_1 BACKUP -> MASTER"));
    Netns.await(() -> "both web servers answer through r2\n" + requests(2), 10_000,
        () -> requests(2).containsAll(List.of("web1", "web2")));
    Netns.await(() -> "the sink receives r2's webhook\n" + get("http://198.18.201.20:8080/received"), 15_000,
        () -> {
          String got = get("http://198.18.201.20:8080/received");
          return got.startsWith("[") && new JsonArray(got).stream().map(JsonObject.class::cast)
              .anyMatch(m -> "webhook".equals(m.getString("kind")) && m.getString("signature", "").startsWith("sha256=")
                  && m.getValue("body") instanceof JsonObject b && "r2".equals(b.getString("node"))
                  && "MASTER".equals(b.getString("to")));
        });

    // r1 comes back and preempts (priority 150)
    ProcessResult recover = demo("recover", "r1");
    assertEquals(0, recover.exitCode(), recover.output());
    Netns.await(() -> "r1 MASTER again, r2 BACKUP\n" + seen(), 60_000,
        () -> transitions("r1", "BACKUP", "MASTER") == 2 && transitions("r2", "MASTER", "BACKUP") == 1);
    Netns.await(() -> "both web servers answer through r1 again\n" + requests(2), 10_000,
        () -> requests(2).containsAll(List.of("web1", "web2")));

    // a web server dies: its check fails, web2 alone answers
    ProcessResult web1 = demo("fail", "web1");
    assertEquals(0, web1.exitCode(), web1.output());
    Netns.await(() -> "web1 is down on the stream\n" + seen(), 30_000, () -> events.stream().anyMatch(
        e -> "real_server".equals(e.getString("type")) && e.getString("real_server", "").contains("198.18.201.11")
            && "DOWN".equals(e.getString("to"))));
    Netns.await(() -> "the demo's terminal shows it\n" + said(), 10_000,
        () -> output.stream().anyMatch(l -> l.startsWith("demo: event: real server ") && l.contains("198.18.201.11")
            && l.endsWith("UP -> DOWN")));
    Netns.await(() -> "web2 alone answers\n" + requests(4), 10_000,
        () -> requests(4).stream().allMatch("web2"::equals));
    ProcessResult status = demo("status");
    assertTrue(status.output().contains("web1 failed (demo fail)") && status.output().contains("r1 running"),
        status.output());

    // a service that crashes on its own is said
    long checker = Long.parseLong(Files.readString(state.resolve("pids/checker")).strip());
    assertTrue(ProcessHandle.of(checker).map(ProcessHandle::destroyForcibly).orElse(false));
    Netns.await(() -> "the demo says the checker exited\n" + said(), 10_000,
        () -> saidLine("demo: checker exited (see "));

    // Ctrl-C: everything goes
    ProcessResult interrupt = ProcessResult.run(null, List.of("kill", "-INT", Long.toString(demo.pid())));
    assertEquals(0, interrupt.exitCode(), interrupt.output());
    assertTrue(demo.waitFor(90, TimeUnit.SECONDS), "the demo ends after Ctrl-C\n" + said());
    assertEquals(130, demo.exitValue(), said());
    assertTrue(saidLine("demo: ending (Ctrl-C)"), said());
    nothingLeft();
  }

  @Test
  void aDemoKilledWhileItStartsIsCleanedByDown() throws Exception {
    startDemo();
    Netns.await(() -> "the demo starts its processes\n" + said(), 120_000,
        () -> saidLine("demo: started ") || !demo.isAlive());
    assertTrue(demo.isAlive(), said());
    ProcessResult again = demo();
    assertEquals(1, again.exitCode(), again.output());
    assertTrue(again.output().contains("a demo runs already (pid " + demo.pid() + ")"), again.output());
    demo.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    ProcessResult down = demo("down");
    assertEquals(0, down.exitCode(), down.output());
    assertTrue(down.output().contains("demo: down: nothing left"), down.output());
    nothingLeft();
    ProcessResult none = demo("fail", "r1");
    assertEquals(1, none.exitCode(), none.output());
    assertTrue(none.output().contains("no demo runs"), none.output());
  }
}
