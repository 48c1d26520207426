package io.vertalived.core.config.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * keepalived's line generators (keepalived.conf(5) ADVANCED CONFIGURATION): {@code ~SEQ(var, [start,] [step,] end) rest} and
 * {@code ~SEQx} (hex), and {@code ~LST(var, v1, v2, ...) rest} or
 * {@code ~LST({a,b},{1,2},{3,4}) rest}. Each yields the rest of the line once per value with
 * the variable(s) defined.
 */
final class Generators {
  private Generators() {}

  /** One generated line: the variable bindings and the text to process with them. */
  record Generator(List<List<String[]>> bindings, String rest) {
    void forEach(BiConsumer<String, String> define, Consumer<String> process) {
      for (List<String[]> binding : bindings) {
        for (String[] nv : binding) {
          define.accept(nv[0], nv[1]);
        }
        process.accept(rest);
      }
    }
  }

  static Optional<Generator> sequence(String buf, Diagnostics diag) {
    int p = 4;
    boolean hex = p < buf.length() && buf.charAt(p) == 'x';
    if (hex) {
      p++;
    }
    int open = skipBlanks(buf, p);
    int close = buf.indexOf(')', open);
    if (open >= buf.length() || buf.charAt(open) != '(' || close < 0) {
      return invalid(buf, diag, "Invalid ~SEQ definition '" + buf + "'");
    }
    String[] parts = buf.substring(open + 1, close).split(",", -1);
    String var = parts[0].strip();
    if (var.isEmpty() || parts.length < 2 || parts.length > 4) {
      return invalid(buf, diag, "Invalid ~SEQ definition '" + buf + "'");
    }
    long start;
    long step;
    long end;
    try {
      long[] n = new long[parts.length - 1];
      for (int i = 1; i < parts.length; i++) {
        n[i - 1] = Long.decode(parts[i].strip());
      }
      if (n.length == 1) {
        end = n[0];
        step = end < 1 ? -1 : 1;
        start = end < 0 ? -1 : 1;
      } else if (n.length == 2) {
        start = n[0];
        end = n[1];
        step = start <= end ? 1 : -1;
      } else {
        start = n[0];
        step = n[1];
        end = n[2];
        if (step == 0 || (start < end && step < 0) || (start > end && step > 0)) {
          return invalid(buf, diag, "Invalid ~SEQ values '" + buf + "'");
        }
      }
    } catch (NumberFormatException e) {
      return invalid(buf, diag, "Invalid ~SEQ definition '" + buf + "'");
    }
    if (hex && (start < 0 || end < 0)) {
      return invalid(buf, diag, "~SEQx is only valid for positive numbers '" + buf + "'");
    }
    if (Math.abs((end - start) / step) > 65536) {
      return invalid(buf, diag, "~SEQ generates too many lines '" + buf + "'");
    }
    List<List<String[]>> bindings = new ArrayList<>();
    for (long v = start; step > 0 ? v <= end : v >= end; v += step) {
      String value = hex ? Long.toHexString(v) : Long.toString(v);
      bindings.add(List.<String[]>of(new String[] {var, value}));
    }
    return Optional.of(new Generator(bindings, buf.substring(skipBlanks(buf, close + 1))));
  }

  static Optional<Generator> list(String buf, Diagnostics diag) {
    int open = skipBlanks(buf, 4);
    if (open >= buf.length() || buf.charAt(open) != '(') {
      return invalid(buf, diag, "Invalid ~LST definition '" + buf + "'");
    }
    List<String> items = new ArrayList<>();
    int depth = 0;
    int start = open + 1;
    int close = -1;
    for (int i = open + 1; i < buf.length(); i++) {
      char c = buf.charAt(i);
      if (c == '{') {
        depth++;
      } else if (c == '}') {
        depth--;
      } else if (c == ',' && depth == 0) {
        items.add(buf.substring(start, i).strip());
        start = i + 1;
      } else if (c == ')' && depth == 0) {
        items.add(buf.substring(start, i).strip());
        close = i;
        break;
      }
    }
    if (close < 0 || items.size() < 2) {
      return invalid(buf, diag, "Invalid ~LST definition '" + buf + "'");
    }
    List<String> vars = braced(items.get(0));
    List<List<String[]>> bindings = new ArrayList<>();
    for (String item : items.subList(1, items.size())) {
      List<String> values = vars.size() == 1 ? List.of(unbrace(item)) : braced(item);
      if (values.size() != vars.size()) {
        return invalid(buf, diag, "~LST values '" + item + "' do not match the variables");
      }
      List<String[]> binding = new ArrayList<>();
      for (int i = 0; i < vars.size(); i++) {
        binding.add(new String[] {vars.get(i), values.get(i)});
      }
      bindings.add(binding);
    }
    return Optional.of(new Generator(bindings, buf.substring(skipBlanks(buf, close + 1))));
  }

  private static List<String> braced(String s) {
    List<String> out = new ArrayList<>();
    for (String part : unbrace(s).split(",", -1)) {
      out.add(part.strip());
    }
    return out;
  }

  private static String unbrace(String s) {
    String t = s.strip();
    if (t.startsWith("{") && t.endsWith("}")) {
      return t.substring(1, t.length() - 1);
    }
    return t;
  }

  private static int skipBlanks(String s, int i) {
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  /** keepalived reports what was wrong, then that the specification is invalid. */
  private static Optional<Generator> invalid(String buf, Diagnostics diag, String message) {
    diag.error(ConfigErrorCategory.GENERAL_ERROR, message);
    diag.error(ConfigErrorCategory.GENERAL_ERROR, "Invalid ~SEQ specification '" + buf + "'");
    return Optional.empty();
  }
}
