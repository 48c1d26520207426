package io.vertalived.core.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;

/**
 * The bus codec of one body record: JSON on the wire between JVMs, the same immutable instance
 * within one. Named {@code vertalived.v<WIRE_VERSION>.<Type>}: a receiver finds the codec by
 * that name, so the name changes only with an incompatible change of bodies.
 */
public final class RecordCodec<T extends Record> implements MessageCodec<T, T> {
  private final Class<T> type;
  private final String name;

  public RecordCodec(Class<T> type) {
    this(type, "vertalived.v" + Addresses.WIRE_VERSION + "." + type.getSimpleName());
  }

  /** A codec of {@code type} under another name (the first landed build's names, without a version). */
  RecordCodec(Class<T> type, String name) {
    this.type = type;
    this.name = name;
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
    return name;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
