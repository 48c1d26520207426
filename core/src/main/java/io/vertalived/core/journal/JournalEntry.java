package io.vertalived.core.journal;

import io.vertalived.core.bus.RecordJson;
import io.vertx.core.json.JsonObject;

/**
 * One event of the journal: its id (cluster-wide, strictly increasing, from 1), the record type
 * of the bus event it records ({@code VrrpTransition}, {@code RealServerState}, ...) and that
 * event as JSON.
 */
public record JournalEntry(long id, String type, String json) {
  /** The event as its record; an {@link IllegalArgumentException} if it is not of that type. */
  public <T extends Record> T decode(Class<T> recordType) {
    if (!recordType.getSimpleName().equals(type)) {
      throw new IllegalArgumentException("journal entry " + id + " is a " + type + ", not a " + recordType.getSimpleName());
    }
    return RecordJson.decode(recordType, new JsonObject(json));
  }

  /** How it is kept in a ring: {@code TYPE\nJSON}. */
  String stored() {
    return type + "\n" + json;
  }

  static JournalEntry fromStored(long id, String stored) {
    int nl = stored.indexOf('\n');
    return new JournalEntry(id, stored.substring(0, nl), stored.substring(nl + 1));
  }

  static JournalEntry of(long id, Record event) {
    return new JournalEntry(id, event.getClass().getSimpleName(), RecordJson.encode(event).encode());
  }
}
