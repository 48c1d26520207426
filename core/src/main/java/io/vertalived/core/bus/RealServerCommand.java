package io.vertalived.core.bus;

/**
 * An operator's command for one real server: {@code drain} (it stays in its pool, alive, with
 * weight 0: no new connections, the existing ones finish), {@code enable} (the drain ends) or
 * {@code check} (its checks run now). {@code virtualServer} is keepalived's name of it
 * ({@code [198.18.0.10]:tcp:80}), {@code realServer} its endpoint ({@code 198.18.0.11:80}).
 */
public record RealServerCommand(String action, String virtualServer, String realServer) {
  public static final String DRAIN = "drain";
  public static final String ENABLE = "enable";
  public static final String CHECK = "check";
}
