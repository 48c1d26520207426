package io.vertalived.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the gateway listens, and a clear refusal of a port that is not one. */
class GatewaySettingsTest {
  @Test
  void thisHostOnlyUntilOpened() {
    GatewaySettings s = GatewaySettings.of(Map.of());
    assertEquals("127.0.0.1", s.address());
    assertEquals(8480, s.port());
    assertEquals(9000, GatewaySettings.of(Map.of("VERTALIVED_GATEWAY_ADDRESS", "0.0.0.0", "VERTALIVED_GATEWAY_PORT", "9000"))
        .port());
  }

  @Test
  void aPortThatIsNotOneIsRefusedByName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GatewaySettings.of(Map.of("VERTALIVED_GATEWAY_PORT", "http")));
    assertEquals("VERTALIVED_GATEWAY_PORT must be a port from 0 to 65535, not 'http'", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> GatewaySettings.of(Map.of("VERTALIVED_GATEWAY_PORT", "70000")));
  }

  @Test
  void tokensReadModeTlsAndCorsAreCheckedByName(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path file = dir.resolve("tokens");
    java.nio.file.Files.writeString(file, "# the operators' tokens\n0123456789abcdef0123\n\nfedcba9876543210fedc\n");
    GatewaySettings s = GatewaySettings.of(Map.of("VERTALIVED_API_TOKEN_FILE", file.toString(), "VERTALIVED_API_READ",
        "token", "VERTALIVED_GATEWAY_CORS", "https://ops.example.org, http://127.0.0.1:3000"));
    assertEquals(java.util.List.of("0123456789abcdef0123", "fedcba9876543210fedc"), s.tokens());
    assertEquals(true, s.readNeedsToken());
    assertEquals(java.util.List.of("https://ops.example.org", "http://127.0.0.1:3000"), s.corsOrigins());
    assertEquals("an API token must have at least 16 characters (a random one: openssl rand -hex 32)",
        assertThrows(IllegalArgumentException.class, () -> GatewaySettings.of(Map.of("VERTALIVED_API_TOKEN", "short")))
            .getMessage());
    assertEquals("VERTALIVED_API_READ=token needs a token: set VERTALIVED_API_TOKEN or VERTALIVED_API_TOKEN_FILE",
        assertThrows(IllegalArgumentException.class, () -> GatewaySettings.of(Map.of("VERTALIVED_API_READ", "token")))
            .getMessage());
    assertEquals("VERTALIVED_API_READ must be 'open' or 'token', not 'closed'",
        assertThrows(IllegalArgumentException.class, () -> GatewaySettings.of(Map.of("VERTALIVED_API_READ", "closed")))
            .getMessage());
    assertEquals("TLS needs both VERTALIVED_GATEWAY_TLS_CERT and VERTALIVED_GATEWAY_TLS_KEY",
        assertThrows(IllegalArgumentException.class, () -> GatewaySettings.of(Map.of("VERTALIVED_GATEWAY_TLS_CERT",
            file.toString()))).getMessage());
    assertEquals("cannot read the gateway's TLS file /nonexistent/key.pem", assertThrows(IllegalArgumentException.class,
        () -> GatewaySettings.of(Map.of("VERTALIVED_GATEWAY_TLS_CERT", file.toString(), "VERTALIVED_GATEWAY_TLS_KEY",
            "/nonexistent/key.pem"))).getMessage());
    assertEquals("VERTALIVED_GATEWAY_CORS takes origins such as https://ops.example.org (scheme://host[:port]) or *,"
        + " not 'ops.example.org'", assertThrows(IllegalArgumentException.class,
            () -> GatewaySettings.of(Map.of("VERTALIVED_GATEWAY_CORS", "ops.example.org"))).getMessage());
    assertEquals(true, assertThrows(IllegalArgumentException.class, () -> GatewaySettings.of(Map.of(
        "VERTALIVED_API_TOKEN_FILE", dir.resolve("none").toString()))).getMessage().startsWith("cannot read VERTALIVED_API_TOKEN_FILE"));
  }
}
