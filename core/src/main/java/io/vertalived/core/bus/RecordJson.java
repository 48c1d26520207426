package io.vertalived.core.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JSON for the bus body records: components by name; {@link Instant} as ISO-8601 text; lists
 * and string-keyed maps of the other types; records nested as objects. Decoding ignores
 * unknown fields, gives a missing {@link OptionalField} its zero value, and rejects a body that
 * lacks a required field or has one of the wrong type with an {@link IllegalArgumentException}
 * naming the field ({@code VrrpTransition: missing field 'reason'}).
 */
public final class RecordJson {
  private RecordJson() {}

  /** The components and canonical constructor of a record type, looked up once. */
  private record Shape(RecordComponent[] components, Constructor<?> constructor) {}

  private static final Map<Class<?>, Shape> SHAPES = new ConcurrentHashMap<>();

  private static Shape shape(Class<?> type) {
    return SHAPES.computeIfAbsent(type, t -> {
      RecordComponent[] comps = t.getRecordComponents();
      Class<?>[] types = new Class<?>[comps.length];
      for (int i = 0; i < comps.length; i++) {
        types[i] = comps[i].getType();
        comps[i].getAccessor().setAccessible(true);
      }
      try {
        Constructor<?> c = t.getDeclaredConstructor(types);
        c.setAccessible(true);
        return new Shape(comps, c);
      } catch (NoSuchMethodException e) {
        throw new IllegalStateException(t + " has no canonical constructor", e);
      }
    });
  }

  public static JsonObject encode(Record r) {
    JsonObject o = new JsonObject();
    for (RecordComponent c : shape(r.getClass()).components()) {
      Object v;
      try {
        v = c.getAccessor().invoke(r);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
      o.put(c.getName(), toJson(v));
    }
    return o;
  }

  private static Object toJson(Object v) {
    if (v instanceof Instant i) {
      return i.toString();
    }
    if (v instanceof Record r) {
      return encode(r);
    }
    if (v instanceof List<?> l) {
      JsonArray a = new JsonArray(new ArrayList<>(l.size()));
      for (Object e : l) {
        a.add(toJson(e));
      }
      return a;
    }
    if (v instanceof Map<?, ?> m) {
      JsonObject o = new JsonObject(new LinkedHashMap<>());
      m.forEach((k, e) -> o.put(String.valueOf(k), toJson(e)));
      return o;
    }
    if (v instanceof Enum<?> e) {
      return e.name();
    }
    return v;
  }

  public static <T extends Record> T decode(Class<T> type, JsonObject o) {
    Shape s = shape(type);
    RecordComponent[] comps = s.components();
    Object[] args = new Object[comps.length];
    for (int i = 0; i < comps.length; i++) {
      RecordComponent c = comps[i];
      if (!o.containsKey(c.getName())) {
        if (c.getAnnotation(OptionalField.class) == null) {
          throw new IllegalArgumentException(type.getSimpleName() + ": missing field '" + c.getName() + "'");
        }
        args[i] = zero(c.getType());
        continue;
      }
      Object raw = o.getValue(c.getName());
      try {
        args[i] = raw == null ? nullValue(c) : convert(c.getType(), c.getGenericType(), raw);
      } catch (Nested e) {
        throw new IllegalArgumentException(type.getSimpleName() + ": field '" + c.getName() + "': " + e.getMessage());
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(type.getSimpleName() + ": field '" + c.getName()
            + "' has the wrong type (" + (raw == null ? "null" : raw.getClass().getSimpleName()) + ")");
      }
    }
    try {
      return type.cast(s.constructor().newInstance(args));
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw new IllegalArgumentException(type.getSimpleName() + ": " + e.getCause().getMessage());
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException(type.getSimpleName() + ": " + e.getMessage());
    }
  }

  /**
   * JSON null: a text without a value (null), an empty list or map; not a number, a boolean, a
   * time or a record unless the field is optional.
   */
  private static Object nullValue(RecordComponent c) {
    Class<?> t = c.getType();
    boolean optional = c.getAnnotation(OptionalField.class) != null;
    if (t.isPrimitive() || !optional && (t == Instant.class || Record.class.isAssignableFrom(t))) {
      throw new IllegalArgumentException("null");
    }
    return zero(t);
  }

  /** A nested record that could not be decoded: its own message says why. */
  private static final class Nested extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Nested(String message) {
      super(message, null, false, false);
    }
  }

  /** The zero value a missing {@link OptionalField} gets. */
  private static Object zero(Class<?> t) {
    if (t == long.class) {
      return 0L;
    }
    if (t == int.class) {
      return 0;
    }
    if (t == double.class) {
      return 0.0;
    }
    if (t == boolean.class) {
      return false;
    }
    if (t == List.class) {
      return List.of();
    }
    if (t == Map.class) {
      return Map.of();
    }
    return null;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object convert(Class<?> t, Type generic, Object raw) {
    if (t == String.class) {
      return (String) raw;
    }
    if (t == long.class || t == Long.class) {
      return ((Number) raw).longValue();
    }
    if (t == int.class || t == Integer.class) {
      long v = ((Number) raw).longValue();
      if (v != (int) v) {
        throw new IllegalArgumentException("out of range");
      }
      return (int) v;
    }
    if (t == double.class || t == Double.class) {
      return ((Number) raw).doubleValue();
    }
    if (t == boolean.class || t == Boolean.class) {
      return (Boolean) raw;
    }
    if (t == Instant.class) {
      return Instant.parse((String) raw);
    }
    if (t.isEnum()) {
      return Enum.valueOf((Class<? extends Enum>) t, (String) raw);
    }
    if (Record.class.isAssignableFrom(t)) {
      if (!(raw instanceof JsonObject obj)) {
        throw new IllegalArgumentException("not an object");
      }
      try {
        return decode((Class<? extends Record>) t, obj);
      } catch (IllegalArgumentException e) {
        throw new Nested(e.getMessage());
      }
    }
    if (t == List.class && generic instanceof ParameterizedType pt) {
      Type element = pt.getActualTypeArguments()[0];
      List<Object> out = new ArrayList<>();
      for (Object e : (JsonArray) raw) {
        out.add(convert((Class<?>) element, element, e));
      }
      return List.copyOf(out);
    }
    if (t == Map.class && generic instanceof ParameterizedType pt
        && pt.getActualTypeArguments()[0] == String.class) {
      Type value = pt.getActualTypeArguments()[1];
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : (JsonObject) raw) {
        out.put(e.getKey(), convert((Class<?>) value, value, e.getValue()));
      }
      return java.util.Collections.unmodifiableMap(out);
    }
    throw new IllegalArgumentException("unsupported type " + t);
  }
}
