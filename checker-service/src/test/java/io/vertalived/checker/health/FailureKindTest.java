package io.vertalived.checker.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The failures metric's kinds from the probes' reasons: a fixed few, whatever the text. */
class FailureKindTest {
  @Test
  void reasonsFallIntoAFewKinds() {
    assertEquals("timeout", FailureKind.of("connect to 198.18.0.2:80 timed out after 3000 ms"));
    assertEquals("timeout", FailureKind.of("no UDP reply from 198.18.0.2:53 within 3000 ms"));
    assertEquals("refused", FailureKind.of("connect to 198.18.0.2:80: Connection refused"));
    assertEquals("refused", FailureKind.of("ICMP port unreachable from 198.18.0.2:53"));
    assertEquals("status", FailureKind.of("/health: HTTP status 503 not in 200-299"));
    assertEquals("digest", FailureKind.of("/index.html: digest 9b3a... is not the expected d41d..."));
    assertEquals("tls", FailureKind.of("/: TLS handshake failed: certificate expired"));
    assertEquals("script", FailureKind.of("MISC_CHECK script exit 1"));
    assertEquals("closed", FailureKind.of("SMTP server closed the connection before its greeting"));
    assertEquals("probe_error", FailureKind.of("probe error: boom"));
    assertEquals("other", FailureKind.of("something new"));
    assertEquals("other", FailureKind.of(null));
  }
}
