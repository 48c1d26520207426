package io.vertalived.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Labelling each process's samples and merging the processes' families into one exposition. */
class PrometheusTextTest {
  private static final Map<String, String> N1 = labels("n1", "m\"1");

  private static Map<String, String> labels(String node, String member) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("node", node);
    m.put("member", member);
    return m;
  }

  @Test
  void everySampleGetsTheProcessLabelsFirst() {
    String text = "# HELP up Whether it is up\n# TYPE up gauge\nup 1.0\n"
        + "# TYPE req_seconds histogram\nreq_seconds_bucket{le=\"0.1\"} 3\nreq_seconds_count{} 3\n";
    assertEquals("# HELP up Whether it is up\n# TYPE up gauge\nup{node=\"n1\",member=\"m\\\"1\"} 1.0\n"
        + "# TYPE req_seconds histogram\nreq_seconds_bucket{node=\"n1\",member=\"m\\\"1\",le=\"0.1\"} 3\n"
        + "req_seconds_count{node=\"n1\",member=\"m\\\"1\"} 3\n", PrometheusText.withLabels(text, N1));
  }

  @Test
  void familiesOfSeveralProcessesAreMergedWithOneHeaderEach() {
    String a = "# HELP x_total Things\n# TYPE x_total counter\nx_total{node=\"a\"} 1\n"
        + "# HELP h_seconds Times\n# TYPE h_seconds histogram\nh_seconds_bucket{node=\"a\",le=\"+Inf\"} 1\n"
        + "h_seconds_count{node=\"a\"} 1\nh_seconds_sum{node=\"a\"} 0.5\n";
    String b = "# HELP x_total Things\n# TYPE x_total counter\nx_total{node=\"b\"} 2\n"
        + "# HELP only_b Only b\n# TYPE only_b gauge\nonly_b{node=\"b\"} 7\n"
        + "# HELP h_seconds Times\n# TYPE h_seconds histogram\nh_seconds_bucket{node=\"b\",le=\"+Inf\"} 2\n";
    assertEquals("# HELP x_total Things\n# TYPE x_total counter\nx_total{node=\"a\"} 1\nx_total{node=\"b\"} 2\n"
        + "# HELP h_seconds Times\n# TYPE h_seconds histogram\nh_seconds_bucket{node=\"a\",le=\"+Inf\"} 1\n"
        + "h_seconds_count{node=\"a\"} 1\nh_seconds_sum{node=\"a\"} 0.5\nh_seconds_bucket{node=\"b\",le=\"+Inf\"} 2\n"
        + "# HELP only_b Only b\n# TYPE only_b gauge\nonly_b{node=\"b\"} 7\n", PrometheusText.merge(List.of(a, b)));
  }
}
