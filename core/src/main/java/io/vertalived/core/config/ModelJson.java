package io.vertalived.core.config;

import io.vertalived.core.config.model.IpAddress;
import io.vertalived.core.config.model.Secret;
import io.vertalived.core.config.parse.SourceLocation;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Map;

/**
 * The model as JSON ({@code vertalived -d}): records become objects named by their components,
 * secrets are masked, addresses are strings. Nothing here can print a password.
 */
public final class ModelJson {
  private ModelJson() {}

  public static Object toJson(Object value) {
    if (value == null || value instanceof String || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Number n) {
      return n;
    }
    if (value instanceof Secret) {
      return Secret.MASK;
    }
    if (value instanceof IpAddress || value instanceof SourceLocation) {
      return value.toString();
    }
    if (value instanceof Enum<?> e) {
      return e.name();
    }
    if (value instanceof int[] range) {
      return range.length == 2 && range[0] == range[1] ? Integer.toString(range[0])
          : range[0] + "-" + range[1];
    }
    if (value instanceof Map<?, ?> map) {
      JsonObject o = new JsonObject();
      map.forEach((k, v) -> o.put(String.valueOf(k), toJson(v)));
      return o;
    }
    if (value instanceof Collection<?> c) {
      JsonArray a = new JsonArray();
      c.forEach(v -> a.add(toJson(v)));
      return a;
    }
    if (value.getClass().isRecord()) {
      JsonObject o = new JsonObject();
      for (RecordComponent rc : value.getClass().getRecordComponents()) {
        try {
          Object v = rc.getAccessor().invoke(value);
          if (v != null) {
            o.put(rc.getName(), toJson(v));
          }
        } catch (ReflectiveOperationException e) {
          o.put(rc.getName(), "<unreadable>");
        }
      }
      return o;
    }
    return value.toString();
  }
}
