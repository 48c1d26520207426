package io.vertalived.core.cluster;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How a vertalived JVM joins the cluster: our own flags and environment variables (Hazelcast's
 * own HZ_* overrides do not apply through vertx-hazelcast). TCP-IP join only; no multicast.
 *
 * @param name          cluster name; JVMs with different names never merge
 * @param members       TCP-IP members ({@code host} or {@code host:port}); empty means this host
 * @param interfaceAddress the address Hazelcast and the event bus bind and announce
 * @param port          first Hazelcast port; the next few are tried if taken
 * @param eventBusPort  event-bus TCP port, 0 for any free port
 */
public record ClusterSettings(String name, List<String> members, String interfaceAddress,
                              int port, int eventBusPort) {
  public static final String ENV_NAME = "VERTALIVED_CLUSTER_NAME";
  public static final String ENV_MEMBERS = "VERTALIVED_CLUSTER_MEMBERS";
  public static final String ENV_INTERFACE = "VERTALIVED_CLUSTER_INTERFACE";
  public static final String ENV_PORT = "VERTALIVED_CLUSTER_PORT";
  public static final String ENV_EVENTBUS_PORT = "VERTALIVED_EVENTBUS_PORT";

  public ClusterSettings {
    members = List.copyOf(members);
  }

  /** Defaults, overridden by the environment: cluster "vertalived" on 127.0.0.1:5701. */
  public static ClusterSettings fromEnvironment(Map<String, String> env) {
    String name = env.getOrDefault(ENV_NAME, "vertalived");
    List<String> members = split(env.getOrDefault(ENV_MEMBERS, ""));
    String iface = env.getOrDefault(ENV_INTERFACE, "127.0.0.1");
    int port = parsePort(env.get(ENV_PORT), 5701, ENV_PORT);
    int busPort = parsePort(env.get(ENV_EVENTBUS_PORT), 0, ENV_EVENTBUS_PORT);
    return new ClusterSettings(name, members, iface, port, busPort);
  }

  public ClusterSettings withName(String v) {
    return new ClusterSettings(v, members, interfaceAddress, port, eventBusPort);
  }

  public ClusterSettings withMembers(List<String> v) {
    return new ClusterSettings(name, v, interfaceAddress, port, eventBusPort);
  }

  public ClusterSettings withInterface(String v) {
    return new ClusterSettings(name, members, v, port, eventBusPort);
  }

  public ClusterSettings withPort(int v) {
    return new ClusterSettings(name, members, interfaceAddress, v, eventBusPort);
  }

  public ClusterSettings withEventBusPort(int v) {
    return new ClusterSettings(name, members, interfaceAddress, port, v);
  }

  public static List<String> split(String csv) {
    List<String> out = new ArrayList<>();
    for (String s : Arrays.asList(csv.split(","))) {
      if (!s.isBlank()) {
        out.add(s.strip());
      }
    }
    return out;
  }

  /** A port number 0..65535, or an {@link IllegalArgumentException} naming the setting. */
  public static int parsePort(String value, int dflt, String what) {
    if (value == null || value.isBlank()) {
      return dflt;
    }
    try {
      int p = Integer.parseInt(value.strip());
      if (p < 0 || p > 65535) {
        throw new NumberFormatException();
      }
      return p;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + ": '" + value + "' is not a port number (0-65535)");
    }
  }
}
