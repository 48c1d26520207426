package io.vertalived.checker.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RealServerMetersTest {
  private final RealServerMeters meters = new RealServerMeters();

  private String scrape() {
    StringBuilder out = new StringBuilder();
    meters.writeTo(out, "");
    return out.toString();
  }

  @Test
  void writesUpWeightAndCumulativeDurationBuckets() {
    AtomicInteger up = new AtomicInteger(1);
    var owned = meters.own("198.18.0.1:80", "198.18.0.3:8080", List.of("TCP_CHECK", "HTTP_GET"), up::get, () -> 7);
    owned.check(0).record(0.5);   // 0.0005 s: first bucket
    owned.check(0).record(1.0);   // exactly 1 ms: still le 0.001
    owned.check(0).record(30);    // le 0.1
    owned.check(0).record(60_000); // above every bound
    String text = scrape();
    String rs = "real_server=\"198.18.0.3:8080\",virtual_server=\"198.18.0.1:80\"";
    assertTrue(text.contains("# TYPE vertalived_real_server_up gauge\nvertalived_real_server_up{" + rs + "} 1\n"), text);
    assertTrue(text.contains("vertalived_real_server_weight{" + rs + "} 7\n"), text);
    String tcp = "vertalived_check_duration_seconds_bucket{check_type=\"TCP_CHECK\"," + rs;
    assertTrue(text.contains(tcp + ",le=\"0.001\"} 2\n"), text);
    assertTrue(text.contains(tcp + ",le=\"0.01\"} 2\n"), text);
    assertTrue(text.contains(tcp + ",le=\"0.1\"} 3\n"), text);
    assertTrue(text.contains(tcp + ",le=\"10.0\"} 3\n"), text);
    assertTrue(text.contains(tcp + ",le=\"+Inf\"} 4\n"), text);
    assertTrue(text.contains("vertalived_check_duration_seconds_count{check_type=\"TCP_CHECK\"," + rs + "} 4\n"), text);
    assertTrue(text.contains("vertalived_check_duration_seconds_sum{check_type=\"TCP_CHECK\"," + rs + "} 60.0315\n"), text);
    assertTrue(text.contains("vertalived_check_duration_seconds_count{check_type=\"HTTP_GET\"," + rs + "} 0\n"), text);
    assertFalse(text.contains("vertalived_check_failures_total"), "no failure yet, no family: " + text);
    up.set(0);
    assertTrue(scrape().contains("vertalived_real_server_up{" + rs + "} 0\n"));
  }

  @Test
  void countsFailuresByKindAndForgetsAReleasedRealServer() {
    var owned = meters.own("vs", "198.18.0.3:80", List.of("HTTP_GET"), () -> 0, () -> 0);
    owned.check(0).failed("connection timed out after 3 s");
    owned.check(0).failed("connection timed out after 3 s");
    owned.check(0).failed("HTTP status 503");
    String text = scrape();
    String series = "vertalived_check_failures_total{check_type=\"HTTP_GET\",kind=\"";
    String rs = "\",real_server=\"198.18.0.3:80\",virtual_server=\"vs\"} ";
    assertTrue(text.contains(series + "timeout" + rs + "2\n"), text);
    assertTrue(text.contains(series + "status" + rs + "1\n"), text);
    assertEquals(1, text.split("# TYPE vertalived_check_failures_total counter", -1).length - 1, text);
    owned.remove();
    assertEquals("", scrape());
  }

  @Test
  void putsTheProcessLabelsFirstInEverySample() {
    var owned = meters.own("vs", "198.18.0.3:80", List.of("TCP_CHECK"), () -> 1, () -> 1);
    owned.check(0).failed("connection refused");
    StringBuilder out = new StringBuilder();
    meters.writeTo(out, "node=\"lb1\",member=\"local\"");
    String text = out.toString();
    text.lines().filter(l -> !l.startsWith("#")).forEach(l -> assertTrue(l.contains("{node=\"lb1\",member=\"local\","), l));
    assertTrue(text.contains("vertalived_check_failures_total{node=\"lb1\",member=\"local\",check_type=\"TCP_CHECK\",kind=\"refused\""),
        text);
  }

  @Test
  void twoChecksOfOneTypeCountIntoOneSeries() {
    var owned = meters.own("vs", "198.18.0.3:80", List.of("TCP_CHECK", "TCP_CHECK"), () -> 1, () -> 1);
    owned.check(0).record(2);
    owned.check(1).record(3);
    String text = scrape();
    String count = "vertalived_check_duration_seconds_count{check_type=\"TCP_CHECK\",real_server=\"198.18.0.3:80\",virtual_server=\"vs\"} ";
    assertEquals(1, text.split(java.util.regex.Pattern.quote(count), -1).length - 1, text);
    assertTrue(text.contains(count + "2\n"), text);
  }

  @Test
  void escapesLabelValues() {
    meters.own("group \"a\\b\"", "198.18.0.3:80", List.of("MISC_CHECK"), () -> 1, () -> 1);
    assertTrue(scrape().contains("virtual_server=\"group \\\"a\\\\b\\\"\""), scrape());
  }
}
