package io.vertalived.core.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Prometheus text exposition format (version 0.0.4) as the gateway serves several processes'
 * registries in one scrape: each process's samples get the labels that tell it apart
 * ({@link #withLabels}), and the families of all of them are merged so that each family's
 * {@code # HELP} and {@code # TYPE} come once, followed by all its samples ({@link #merge}).
 */
public final class PrometheusText {
  private PrometheusText() {}

  /** {@code text} with {@code labels} added first to every sample (one pass, no copy per line). */
  public static String withLabels(String text, Map<String, String> labels) {
    String add = labelList(labels);
    if (add.isEmpty()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + text.length() / 4);
    appendWithLabels(out, text, add);
    return out.toString();
  }

  /** {@code labels} as they open a sample's label set: {@code k="v",k2="v2"} (escaped; empty for none). */
  public static String labelList(Map<String, String> labels) {
    StringBuilder add = new StringBuilder();
    labels.forEach((k, v) -> add.append(add.isEmpty() ? "" : ",").append(k).append("=\"").append(escape(v)).append('"'));
    return add.toString();
  }

  /** Appends {@code text} to {@code out} with the label list {@code add} ({@link #labelList}) first in every sample. */
  public static void appendWithLabels(StringBuilder out, String text, String add) {
    if (add.isEmpty()) {
      out.append(text);
      return;
    }
    int at = 0;
    int n = text.length();
    while (at < n) {
      int end = text.indexOf('\n', at);
      if (end < 0) {
        end = n;
      }
      if (end > at && text.charAt(at) != '#') {
        int brace = -1;
        int space = -1;
        for (int i = at; i < end; i++) {
          char c = text.charAt(i);
          if (c == '{') {
            brace = i;
            break;
          }
          if (c == ' ') {
            space = i;
            break;
          }
        }
        if (brace >= 0) {
          boolean empty = brace + 1 < end && text.charAt(brace + 1) == '}';
          out.append(text, at, brace + 1).append(add).append(empty ? "" : ",").append(text, brace + 1, end);
        } else if (space > 0) {
          out.append(text, at, space).append('{').append(add).append('}').append(text, space, end);
        } else {
          out.append(text, at, end);
        }
      } else {
        out.append(text, at, end);
      }
      out.append('\n');
      at = end + 1;
    }
  }

  /** One exposition of every family of {@code texts}: each family's header once, then all its samples. */
  public static String merge(List<String> texts) {
    if (texts.size() == 1) {
      return texts.get(0);
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    Map<String, List<String>> samples = new LinkedHashMap<>();
    for (String text : texts) {
      String family = null;
      for (String line : text.split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
          String[] parts = line.split(" ", 4);
          family = parts[2];
          List<String> h = headers.computeIfAbsent(family, k -> new ArrayList<>());
          String kind = parts[1];
          if (h.stream().noneMatch(x -> x.startsWith("# " + kind + " "))) {
            h.add(line);
          }
          samples.computeIfAbsent(family, k -> new ArrayList<>());
        } else if (line.startsWith("#")) {
          continue;
        } else {
          String name = name(line);
          String f = family != null && belongs(name, family) ? family : name;
          headers.computeIfAbsent(f, k -> new ArrayList<>());
          samples.computeIfAbsent(f, k -> new ArrayList<>()).add(line);
        }
      }
    }
    StringBuilder out = new StringBuilder();
    headers.forEach((family, h) -> {
      h.forEach(l -> out.append(l).append('\n'));
      samples.get(family).forEach(l -> out.append(l).append('\n'));
    });
    return out.toString();
  }

  private static String name(String sample) {
    int end = 0;
    while (end < sample.length() && sample.charAt(end) != '{' && sample.charAt(end) != ' ') {
      end++;
    }
    return sample.substring(0, end);
  }

  /** A sample of a family: its name, or the name with a histogram's or summary's suffix, or a counter's. */
  private static boolean belongs(String name, String family) {
    if (name.equals(family)) {
      return true;
    }
    if (!name.startsWith(family)) {
      return false;
    }
    String suffix = name.substring(family.length());
    return List.of("_total", "_created", "_bucket", "_count", "_sum", "_max", "_info").contains(suffix);
  }

  private static String escape(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
