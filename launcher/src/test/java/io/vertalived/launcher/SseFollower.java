package io.vertalived.launcher;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An SSE client of the gateway's {@code /api/events}, as a browser's EventSource is: it keeps every event it
 * reads, and can go on at another gateway with the {@code Last-Event-ID} of the last one.
 */
final class SseFollower implements AutoCloseable {
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<JsonObject> events = new CopyOnWriteArrayList<>();
  private final List<String> problems = new CopyOnWriteArrayList<>();
  private volatile Thread reader;

  /** Reads {@code url} (with {@code Last-Event-ID: lastId} when not null) until it ends or {@link #close}. */
  SseFollower follow(String url, Long lastId) {
    Thread before = reader;
    close();
    if (before != null) {
      try {
        // its last events are counted before the next stream starts
        before.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Thread t = new Thread(() -> {
      try {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (lastId != null) {
          request.header("Last-Event-ID", Long.toString(lastId));
        }
        http.send(request.build(), HttpResponse.BodyHandlers.ofLines()).body()
            .filter(l -> l.startsWith("data: ")).forEach(l -> events.add(new JsonObject(l.substring(6))));
        problems.add("the stream of " + url + " ended");
      } catch (IOException | java.io.UncheckedIOException e) {
        problems.add("the stream of " + url + " failed: " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    t.setDaemon(true);
    t.start();
    reader = t;
    return this;
  }

  List<JsonObject> events() {
    return events;
  }

  /** The journal id of the last event read, or null. */
  Long lastId() {
    for (int i = events.size() - 1; i >= 0; i--) {
      if (events.get(i).getLong("id") != null) {
        return events.get(i).getLong("id");
      }
    }
    return null;
  }

  long transitions(String node, String from, String to) {
    return events.stream().filter(e -> "vrrp_transition".equals(e.getString("type")) && node.equals(e.getString("node"))
        && from.equals(e.getString("from")) && to.equals(e.getString("to"))).count();
  }

  long ofType(String type) {
    return events.stream().filter(e -> type.equals(e.getString("type"))).count();
  }

  @Override
  public String toString() {
    return "events " + events + (problems.isEmpty() ? "" : " " + problems);
  }

  @Override
  public void close() {
    Thread t = reader;
    if (t != null) {
      t.interrupt();
      reader = null;
    }
  }
}
