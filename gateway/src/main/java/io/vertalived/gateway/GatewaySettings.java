package io.vertalived.gateway;

import java.util.Map;

/**
 * Where the gateway listens: {@code --gateway-address}/{@code --gateway-port} (the launcher sets
 * the system properties {@code vertalived.gateway.address} and {@code vertalived.gateway.port}),
 * else {@code VERTALIVED_GATEWAY_ADDRESS}/{@code VERTALIVED_GATEWAY_PORT}, else 127.0.0.1:8480 —
 * this host only until the operator opens it.
 */
public record GatewaySettings(String address, int port, long heartbeatMillis) {
  public static final int DEFAULT_PORT = 8480;

  /** The settings asked for; an {@link IllegalArgumentException} that names the setting when the port is not one. */
  public static GatewaySettings of(Map<String, String> env) {
    String address = System.getProperty("vertalived.gateway.address", env.getOrDefault("VERTALIVED_GATEWAY_ADDRESS", "127.0.0.1"));
    String port = System.getProperty("vertalived.gateway.port", env.getOrDefault("VERTALIVED_GATEWAY_PORT",
        Integer.toString(DEFAULT_PORT)));
    int p;
    try {
      p = Integer.parseInt(port.strip());
    } catch (NumberFormatException e) {
      p = -1;
    }
    if (p < 0 || p > 65535) {
      throw new IllegalArgumentException("VERTALIVED_GATEWAY_PORT must be a port from 0 to 65535, not '" + port + "'");
    }
    if (address.isBlank()) {
      throw new IllegalArgumentException("VERTALIVED_GATEWAY_ADDRESS must not be empty");
    }
    return new GatewaySettings(address.strip(), p, 15_000);
  }
}
