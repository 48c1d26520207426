package io.vertalived.core.bus;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bus contract as documentation (pure): a table of every address of {@link Addresses#ALL}
 * and the fields of every record its bodies and replies are made of, so that docs/event-bus.md
 * is generated from the descriptors rather than written beside them.
 */
public final class ContractDoc {
  private ContractDoc() {}

  public static String markdown() {
    StringBuilder b = new StringBuilder();
    b.append("| address | kind | body | reply | what |\n|---|---|---|---|---|\n");
    Set<Class<?>> records = new LinkedHashSet<>();
    for (BusAddress<?, ?> a : Addresses.ALL) {
      b.append("| `").append(a.pattern()).append("` | ").append(a.kind() == BusAddress.Kind.PUBLISH ? "publish" : "request")
          .append(" | `").append(a.body().getSimpleName()).append("` | ")
          .append(a.reply() == Void.class ? "" : "`" + a.reply().getSimpleName() + "`").append(" | ")
          .append(a.description().replace("|", "\\|")).append(" |\n");
      collect(a.body(), records);
      if (a.reply() != Void.class) {
        collect(a.reply(), records);
      }
    }
    b.append("\nBodies and replies (fields in order; *optional* ones may be absent and take their zero value;"
        + " *since N*: added in contract version N):\n\n");
    for (Class<?> r : records) {
      b.append("- `").append(r.getSimpleName()).append("` {");
      RecordComponent[] comps = r.getRecordComponents();
      for (int i = 0; i < comps.length; i++) {
        RecordComponent c = comps[i];
        b.append(i == 0 ? "" : ", ").append(c.getName()).append(": ").append(typeName(c.getGenericType()));
        OptionalField o = c.getAnnotation(OptionalField.class);
        if (o != null) {
          b.append(o.since() > 1 ? " *(since " + o.since() + ")*" : " *(optional)*");
        }
      }
      b.append("}\n");
    }
    return b.toString();
  }

  private static void collect(Class<?> type, Set<Class<?>> out) {
    if (!type.isRecord() || !out.add(type)) {
      return;
    }
    for (RecordComponent c : type.getRecordComponents()) {
      collect(c.getType(), out);
      if (c.getGenericType() instanceof ParameterizedType pt) {
        for (Type arg : pt.getActualTypeArguments()) {
          if (arg instanceof Class<?> k) {
            collect(k, out);
          }
        }
      }
    }
  }

  private static String typeName(Type t) {
    if (t instanceof ParameterizedType pt) {
      Class<?> raw = (Class<?>) pt.getRawType();
      Type[] args = pt.getActualTypeArguments();
      if (raw == List.class) {
        return "[" + typeName(args[0]) + "]";
      }
      if (raw == Map.class) {
        return "{" + typeName(args[0]) + ": " + typeName(args[1]) + "}";
      }
      return raw.getSimpleName();
    }
    Class<?> c = (Class<?>) t;
    return switch (c.getSimpleName()) {
      case "String" -> "string";
      case "Instant" -> "time (ISO-8601)";
      case "long", "int" -> "integer";
      case "double" -> "number";
      default -> c.getSimpleName();
    };
  }
}
