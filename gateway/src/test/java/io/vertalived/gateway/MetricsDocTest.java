package io.vertalived.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/prometheus-alerts.yml is accepted by {@code promtool check rules}, and every vertalived
 * metric it uses is documented in docs/metrics.md.
 */
class MetricsDocTest {
  private static final Path DOCS = Path.of(System.getProperty("vertalived.docs", "../docs"));

  @Test
  void theExampleAlertRulesPassPromtool() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/promtool")), "skipped: promtool (Debian prometheus) is not installed");
    Process p = new ProcessBuilder("promtool", "check", "rules", DOCS.resolve("prometheus-alerts.yml").toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), out);
    assertTrue(out.contains("SUCCESS: 14 rules found"), out);
  }

  @Test
  void everyMetricTheRulesUseIsDocumented() throws Exception {
    String rules = Files.readString(DOCS.resolve("prometheus-alerts.yml"));
    String doc = Files.readString(DOCS.resolve("metrics.md"));
    Matcher m = Pattern.compile("vertalived_[a-z_]+").matcher(rules);
    int n = 0;
    while (m.find()) {
      String name = m.group().replaceAll("_(bucket|count|sum)$", "");
      assertTrue(doc.contains("`" + name + "`"), name + " is used by an alert rule but not in docs/metrics.md");
      n++;
    }
    assertTrue(n >= 11, "the rules use vertalived's metrics");
  }
}
