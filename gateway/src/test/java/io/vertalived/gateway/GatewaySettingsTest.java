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
}
