package io.vertalived.checker.track;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.config.model.TrackProcess;
import java.util.List;
import org.junit.jupiter.api.Test;

/** keepalived's process matching: comm or first word, then exact / partial / initial parameters. */
class ProcessMatcherTest {
  private static TrackProcess track(String process, List<String> params, String match, boolean full) {
    return new TrackProcess("t", process, params, match, full, 0, false, 1, Integer.MAX_VALUE, 0, 0);
  }

  private static final ProcessInfo NGINX = new ProcessInfo("nginx", List.of("/usr/sbin/nginx", "-c", "/etc/nginx/a.conf"), false);

  @Test
  void nameIsCommUnlessFullCommand() {
    assertTrue(ProcessMatcher.matches(track("nginx", List.of(), "exact", false), NGINX));
    assertFalse(ProcessMatcher.matches(track("/usr/sbin/nginx", List.of(), "exact", false), NGINX));
    assertTrue(ProcessMatcher.matches(track("/usr/sbin/nginx", List.of(), "exact", true), NGINX));
    assertFalse(ProcessMatcher.matches(track("ngin", List.of(), "exact", false), NGINX), "no substring match");
  }

  @Test
  void parameters() {
    assertTrue(ProcessMatcher.matches(track("nginx", List.of("-c", "/etc/nginx/a.conf"), "exact", false), NGINX));
    assertFalse(ProcessMatcher.matches(track("nginx", List.of("-c"), "exact", false), NGINX), "exact: all of them");
    assertTrue(ProcessMatcher.matches(track("nginx", List.of("-c"), "partial", false), NGINX), "partial: the first ones");
    assertFalse(ProcessMatcher.matches(track("nginx", List.of("-c", "/etc/nginx/a"), "partial", false), NGINX));
    assertTrue(ProcessMatcher.matches(track("nginx", List.of("-c", "/etc/nginx/a"), "initial", false), NGINX),
        "initial: the last one may be the start of the word");
    assertFalse(ProcessMatcher.matches(track("nginx", List.of("-x", "/etc/nginx/a"), "initial", false), NGINX));
  }

  @Test
  void zombiesNeverCount() {
    assertFalse(ProcessMatcher.matches(track("nginx", List.of(), "exact", false), new ProcessInfo("nginx", List.of(), true)));
  }
}
