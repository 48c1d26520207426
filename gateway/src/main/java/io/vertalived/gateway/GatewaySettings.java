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

  public static GatewaySettings of(Map<String, String> env) {
    String address = System.getProperty("vertalived.gateway.address", env.getOrDefault("VERTALIVED_GATEWAY_ADDRESS", "127.0.0.1"));
    String port = System.getProperty("vertalived.gateway.port", env.getOrDefault("VERTALIVED_GATEWAY_PORT",
        Integer.toString(DEFAULT_PORT)));
    return new GatewaySettings(address, Integer.parseInt(port), 15_000);
  }
}
