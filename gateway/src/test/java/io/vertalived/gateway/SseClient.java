package io.vertalived.gateway;

import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A test's SSE client: reads the stream as a browser's EventSource does, frame by frame. */
final class SseClient {
  /** One event: its id (null for a control event), type and data. */
  record Frame(String id, String event, JsonObject data) {}

  final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
  final List<String> comments = new CopyOnWriteArrayList<>();
  private final StringBuilder pending = new StringBuilder();
  private String id;
  private String event;
  private String data;
  HttpClientResponse response;

  static SseClient connect(HttpClient client, int port, String uri, String lastEventId) throws Exception {
    SseClient c = new SseClient();
    RequestOptions o = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port).setURI(uri);
    if (lastEventId != null) {
      o.putHeader("Last-Event-ID", lastEventId);
    }
    // the handler is set on the event loop, before the first chunk can arrive
    c.response = client.request(o).compose(req -> req.send()).map(r -> r.handler(b -> c.feed(b.toString())))
        .await(10, TimeUnit.SECONDS);
    return c;
  }

  private synchronized void feed(String chunk) {
    pending.append(chunk);
    int nl;
    while ((nl = pending.indexOf("\n")) >= 0) {
      String line = pending.substring(0, nl);
      pending.delete(0, nl + 1);
      if (line.isEmpty()) {
        if (event != null || data != null) {
          frames.add(new Frame(id, event, data == null ? null : new JsonObject(data)));
        }
        id = null;
        event = null;
        data = null;
      } else if (line.startsWith(":")) {
        comments.add(line);
      } else if (line.startsWith("id: ")) {
        id = line.substring(4);
      } else if (line.startsWith("event: ")) {
        event = line.substring(7);
      } else if (line.startsWith("data: ")) {
        data = line.substring(6);
      }
    }
  }

  Frame next() throws InterruptedException {
    Frame f = frames.poll(10, TimeUnit.SECONDS);
    if (f == null) {
      throw new AssertionError("no event within 10 s");
    }
    return f;
  }

  void close() {
    response.request().connection().close();
  }
}
