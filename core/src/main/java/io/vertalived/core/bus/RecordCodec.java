package io.vertalived.core.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;

/**
 * The event-bus codec of one message record: JSON on the wire between JVMs, the same immutable
 * instance within one JVM.
 */
public final class RecordCodec<T extends Record> implements MessageCodec<T, T> {
  private final Class<T> type;

  public RecordCodec(Class<T> type) {
    this.type = type;
  }

  @Override
  public void encodeToWire(Buffer buffer, T record) {
    Buffer json = RecordJson.encode(record).toBuffer();
    buffer.appendInt(json.length());
    buffer.appendBuffer(json);
  }

  @Override
  public T decodeFromWire(int pos, Buffer buffer) {
    int len = buffer.getInt(pos);
    JsonObject o = new JsonObject(buffer.getBuffer(pos + 4, pos + 4 + len));
    return RecordJson.decode(type, o);
  }

  @Override
  public T transform(T record) {
    return record;
  }

  @Override
  public String name() {
    return "vertalived." + type.getSimpleName();
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
