package io.vertalived.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
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
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One {@code ./vertalived demo} of a test: its directory and gateway port of its own, the foreground demo started as
 * a terminal starts it (Ctrl-C is SIGINT, never inherited ignored), its output kept, its commands run, and
 * {@code demo down} at the end whatever happened.
 */
final class DemoRun implements AutoCloseable {
  static final Path HOME = Path.of(System.getProperty("vertalived.home", ".."));
  static final String VIP = "198.18.200.250";
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<String> output = new CopyOnWriteArrayList<>();
  private final Path state;
  private final int port;
  private final Map<String, String> env;
  private Process demo;

  DemoRun(Path dir, Map<String, String> env) throws IOException {
    this.state = dir.resolve("demo");
    this.env = env;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
  }

  static boolean root() throws Exception {
    return "0".equals(ProcessResult.run(null, List.of("id", "-u")).output().strip());
  }

  int port() {
    return port;
  }

  Path state() {
    return state;
  }

  Process process() {
    return demo;
  }

  private ProcessBuilder builder(List<String> prefix, String... args) {
    List<String> cmd = new ArrayList<>(prefix);
    cmd.addAll(List.of(HOME.resolve("vertalived").toString(), "demo"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().putAll(env);
    pb.environment().put("VERTALIVED_DEMO_DIR", state.toString());
    pb.environment().put("VERTALIVED_DEMO_PORT", Integer.toString(port));
    return pb;
  }

  /** Runs {@code vertalived demo ARGS} to its end (at most 120 s: then it is killed and the test fails). */
  ProcessResult run(String... args) throws Exception {
    Path out = Files.createTempFile("demo-command", ".out");
    try {
      Process p = builder(List.of(), args).redirectOutput(out.toFile()).start();
      boolean ended = p.waitFor(120, TimeUnit.SECONDS);
      if (!ended) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      String said = Files.readString(out);
      assertTrue(ended, "demo " + String.join(" ", args) + " ends within 120 s: " + said);
      return new ProcessResult(p.exitValue(), said);
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /** Starts the foreground demo; its lines go to {@link #said}. */
  void start() throws Exception {
    // a terminal's shell starts a program with no signal blocked and INT, TERM, HUP, QUIT at their defaults;
    // this JVM may have inherited them otherwise from whatever started the build
    demo = builder(List.of("python3", "-c", "import os, signal, sys\n"
        + "signal.pthread_sigmask(signal.SIG_SETMASK, [])\n"
        + "for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGPIPE):\n"
        + "    signal.signal(s, signal.SIG_DFL)\n"
        + "os.execvp(sys.argv[1], sys.argv[1:])")).start();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
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

  /** Starts it and waits until it says it is ready. */
  void startReady() throws Exception {
    start();
    Netns.await(() -> "the demo says it is ready\n" + said(), 240_000, () -> saidLine("demo: ready in ") || !demo.isAlive());
    assertTrue(demo.isAlive(), said());
  }

  /** What the demo's shell is doing: its signal masks and the processes it waits for (for a failure's message). */
  String inside() {
    try {
      long pid = demo.pid();
      String sig = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
          .filter(l -> l.startsWith("Sig") || l.startsWith("State")).collect(java.util.stream.Collectors.joining("\n"));
      String children = ProcessResult.run(null, List.of("ps", "-o", "pid,stat,wchan:24,etime,args", "--ppid",
          Long.toString(pid))).output();
      return "the demo's shell (pid " + pid + "):\n" + sig + "\nits children:\n" + children;
    } catch (Exception e) {
      return "(the demo's shell could not be read: " + e.getMessage() + ")";
    }
  }

  String said() {
    return String.join("\n", output);
  }

  boolean saidLine(String start) {
    return output.stream().anyMatch(l -> l.startsWith(start));
  }

  List<String> lines() {
    return output;
  }

  /** The body of a GET (status 200), or what went wrong. */
  String get(String url) {
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
  List<String> requests(int n) {
    List<String> to = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      to.add(get("http://" + VIP + "/"));
    }
    return to;
  }

  /** The gateway's (the n-th's) base URL. */
  String gateway(int nth) {
    return "http://127.0.0.1:" + (port + nth - 1);
  }

  /** What the sink received (webhooks and mails). */
  List<JsonObject> sink() {
    String got = get("http://198.18.201.20:8080/received");
    return got.startsWith("[") ? new JsonArray(got).stream().map(JsonObject.class::cast).toList() : List.of();
  }

  /** Whether the sink has a signed webhook of a journal event after {@code afterId}: {@code node} from, to. */
  boolean sinkHasWebhook(String node, String from, String to, long afterId) {
    return sink().stream().anyMatch(m -> "webhook".equals(m.getString("kind"))
        && m.getString("signature", "").startsWith("sha256=") && m.getValue("body") instanceof JsonObject b
        && b.getLong("id", 0L) > afterId && node.equals(b.getString("node")) && from.equals(b.getString("from"))
        && to.equals(b.getString("to")));
  }

  /** The next journal id as the n-th gateway's readiness probe tells it. */
  long journalNext(int gateway) {
    String ready = get(gateway(gateway) + "/health/ready");
    if (!ready.startsWith("{")) {
      throw new AssertionError("the gateway's readiness: " + ready);
    }
    return new JsonObject(ready).getJsonArray("checks").stream().map(JsonObject.class::cast)
        .filter(c -> "journal".equals(c.getString("id"))).findFirst().orElseThrow()
        .getJsonObject("data").getLong("next");
  }

  /**
   * Follows the n-th gateway's whole stream from the journal's start and waits until it has read every event
   * the journal holds now: counts taken after this see only what happens next.
   */
  void followCaughtUp(SseFollower stream, int gateway) throws InterruptedException {
    long next = journalNext(gateway);
    stream.follow(gateway(gateway) + "/api/events?since=0", null);
    Netns.await(() -> "the stream reads the journal up to " + (next - 1) + "\n" + stream, 15_000,
        () -> stream.lastId() != null && stream.lastId() >= next - 1);
  }

  /** The pid of one of the demo's processes. */
  long pid(String name) throws IOException {
    return Long.parseLong(Files.readString(state.resolve("pids/" + name)).strip());
  }

  /** kill -9 of one of the demo's processes, behind the demo's back (a crash). */
  void crash(String name) throws IOException {
    assertTrue(ProcessHandle.of(pid(name)).map(ProcessHandle::destroyForcibly).orElse(false), name + " was running");
  }

  /** Nothing the demo made is left: namespaces, links, processes, its directory. */
  void assertNothingLeft() throws Exception {
    String netns = ProcessResult.run(null, List.of("ip", "netns", "list")).output();
    assertFalse(netns.contains("vtd-"), netns);
    String links = ProcessResult.run(null, List.of("ip", "-br", "link")).output();
    assertFalse(links.contains("vtd-"), links);
    assertFalse(Files.exists(state), "the demo's directory is gone");
    List<String> ours = ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse(""))
        .filter(c -> c.contains(state.toString())).toList();
    assertEquals(List.of(), ours, "no process of the demo is left");
  }

  @Override
  public void close() throws Exception {
    if (demo != null && demo.isAlive()) {
      demo.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    run("down");
  }
}
