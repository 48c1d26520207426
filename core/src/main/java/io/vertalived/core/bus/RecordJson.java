package io.vertalived.core.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON for the bus message records: components by name; {@link Instant} as ISO-8601 text;
 * lists of strings as arrays. Decoding rejects a body that lacks a component or has the wrong
 * type with an {@link IllegalArgumentException} naming the field.
 */
public final class RecordJson {
  private RecordJson() {}

  public static JsonObject encode(Record r) {
    JsonObject o = new JsonObject();
    for (RecordComponent c : r.getClass().getRecordComponents()) {
      Object v;
      try {
        v = c.getAccessor().invoke(r);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
      if (v instanceof Instant i) {
        o.put(c.getName(), i.toString());
      } else if (v instanceof List<?> l) {
        o.put(c.getName(), new JsonArray(new ArrayList<>(l)));
      } else {
        o.put(c.getName(), v);
      }
    }
    return o;
  }

  public static <T extends Record> T decode(Class<T> type, JsonObject o) {
    RecordComponent[] comps = type.getRecordComponents();
    Object[] args = new Object[comps.length];
    Class<?>[] types = new Class<?>[comps.length];
    for (int i = 0; i < comps.length; i++) {
      RecordComponent c = comps[i];
      types[i] = c.getType();
      Object raw = o.getValue(c.getName());
      if (raw == null) {
        throw new IllegalArgumentException(type.getSimpleName() + ": missing field '" + c.getName() + "'");
      }
      try {
        args[i] = convert(c.getType(), c.getGenericType(), raw);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(type.getSimpleName() + ": field '" + c.getName()
            + "' has the wrong type (" + raw.getClass().getSimpleName() + ")");
      }
    }
    try {
      Constructor<T> ctor = type.getDeclaredConstructor(types);
      return ctor.newInstance(args);
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException(type.getSimpleName() + ": " + e.getMessage());
    }
  }

  private static Object convert(Class<?> t, Type generic, Object raw) {
    if (t == String.class) {
      return (String) raw;
    }
    if (t == long.class) {
      return ((Number) raw).longValue();
    }
    if (t == int.class) {
      return ((Number) raw).intValue();
    }
    if (t == double.class) {
      return ((Number) raw).doubleValue();
    }
    if (t == boolean.class) {
      return (Boolean) raw;
    }
    if (t == Instant.class) {
      return Instant.parse((String) raw);
    }
    if (t == List.class && generic instanceof ParameterizedType pt
        && pt.getActualTypeArguments()[0] == String.class) {
      List<String> out = new ArrayList<>();
      for (Object e : (JsonArray) raw) {
        out.add((String) e);
      }
      return out;
    }
    throw new IllegalArgumentException("unsupported type " + t);
  }
}
