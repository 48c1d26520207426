package io.vertalived.launcher;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dashboard in real headless Chromium, run in a namespace of the test ({@code ip netns exec C
 * java ... DashboardProbe URL}): opens the page and, through the DevTools protocol, reads what it
 * shows every 20 ms — the instance rows and the stream's badge — and prints each change as one
 * JSON line with the time it was seen ({@code at}, epoch milliseconds). Chromium runs in the
 * namespace, so it reaches nothing but the lab.
 */
public final class DashboardProbe {
  private static final String READ = "JSON.stringify({stream: document.getElementById('stream').textContent,"
      + " rows: [...document.querySelectorAll('#instances tbody tr')].map(r => r.dataset.key + ' ' + r.dataset.state),"
      + " events: document.querySelectorAll('#events li').length})";

  private DashboardProbe() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    Path profile = Files.createTempDirectory("vertalived-chromium");
    Process chromium = new ProcessBuilder("chromium", "--headless=new", "--no-sandbox", "--disable-gpu",
        "--no-first-run", "--no-default-browser-check", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-extensions", "--disable-default-apps", "--metrics-recording-only",
        "--user-data-dir=" + profile, "--remote-debugging-port=0", "--window-size=390,844", url)
        .redirectErrorStream(true).start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      chromium.descendants().forEach(ProcessHandle::destroyForcibly);
      chromium.destroyForcibly();
    }));
    String devtools = null;
    BufferedReader err = new BufferedReader(new InputStreamReader(chromium.getInputStream(), StandardCharsets.UTF_8));
    Pattern p = Pattern.compile("DevTools listening on (ws://\\S+)");
    for (String line; devtools == null && (line = err.readLine()) != null; ) {
      Matcher m = p.matcher(line);
      if (m.find()) {
        devtools = m.group(1);
      }
    }
    if (devtools == null) {
      System.out.println(new JsonObject().put("error", "chromium did not start its DevTools endpoint").encode());
      System.exit(2);
    }
    // the rest of chromium's output is drained, so that it never blocks on a full pipe
    Thread drain = new Thread(() -> {
      try {
        while (err.readLine() != null) {
          // ignored
        }
      } catch (java.io.IOException e) {
        // chromium ended
      }
    });
    drain.setDaemon(true);
    drain.start();
    URI browser = URI.create(devtools);
    String page = pageSocket(browser.getHost(), browser.getPort());
    Vertx vertx = Vertx.vertx();
    WebSocketClient client = vertx.createWebSocketClient();
    WebSocket ws = client.connect(browser.getPort(), browser.getHost(), URI.create(page).getPath()).await(10, TimeUnit.SECONDS);
    AtomicInteger ids = new AtomicInteger();
    Map<Integer, CompletableFuture<JsonObject>> waiting = new ConcurrentHashMap<>();
    ws.textMessageHandler(text -> {
      JsonObject m = new JsonObject(text);
      CompletableFuture<JsonObject> f = m.containsKey("id") ? waiting.remove(m.getInteger("id")) : null;
      if (f != null) {
        f.complete(m);
      }
    });
    String last = "";
    while (true) {
      int id = ids.incrementAndGet();
      CompletableFuture<JsonObject> reply = new CompletableFuture<>();
      waiting.put(id, reply);
      ws.writeTextMessage(new JsonObject().put("id", id).put("method", "Runtime.evaluate")
          .put("params", new JsonObject().put("expression", READ).put("returnByValue", true)).encode());
      JsonObject r = reply.get(10, TimeUnit.SECONDS);
      long at = System.currentTimeMillis();
      JsonObject result = r.getJsonObject("result", new JsonObject()).getJsonObject("result", new JsonObject());
      String value = result.getString("value");
      if (value != null && !value.equals(last)) {
        last = value;
        System.out.println(new JsonObject(value).put("at", at).encode());
        System.out.flush();
      }
      Thread.sleep(20);
    }
  }

  /** The page's DevTools socket, from the browser's target list. */
  private static String pageSocket(String host, int port) throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    for (int i = 0; i < 100; i++) {
      String body = http.send(java.net.http.HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + "/json/list"))
          .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
      for (Object o : new JsonArray(body)) {
        JsonObject t = (JsonObject) o;
        if ("page".equals(t.getString("type"))) {
          return t.getString("webSocketDebuggerUrl");
        }
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("chromium shows no page");
  }
}
