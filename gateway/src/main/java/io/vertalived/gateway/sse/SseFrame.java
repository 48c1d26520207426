package io.vertalived.gateway.sse;

import io.vertalived.core.journal.PublishedEvent;
import io.vertx.core.json.JsonObject;

/**
 * The text of Server-Sent Events (the HTML standard's {@code text/event-stream}): an event with
 * its journal id as {@code id}, its type as {@code event} and its JSON payload as {@code data};
 * a comment line for the heartbeat. Pure.
 */
public final class SseFrame {
  private SseFrame() {}

  public static String event(PublishedEvent e) {
    return "id: " + e.id() + "\nevent: " + e.type() + "\ndata: " + e.payload().encode() + "\n\n";
  }

  /** An event of the stream itself (gap, reset), without an id: the client's position stays. */
  public static String control(String type, JsonObject data) {
    return "event: " + type + "\ndata: " + data.encode() + "\n\n";
  }

  public static String heartbeat() {
    return ": heartbeat\n\n";
  }

  /** How long a client waits before reconnecting after a drop, in milliseconds. */
  public static String retry(long millis) {
    return "retry: " + millis + "\n\n";
  }
}
