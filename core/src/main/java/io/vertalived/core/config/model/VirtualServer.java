package io.vertalived.core.config.model;

import java.util.List;

/**
 * {@code virtual_server IP PORT | fwmark N | group NAME} (keepalived.conf(5) Virtual server(s)) with keepalived's defaults
 * ({@code lb_algo wlc}, {@code lb_kind NAT}, {@code protocol UDP}, {@code delay_loop 60}).
 */
public record VirtualServer(
    Kind kind,
    IpAddress address,
    int port,
    int fwmark,
    String group,
    String protocol,
    String lbAlgo,
    List<String> schedulerFlags,
    String lbKind,
    /** {@code lb_kind TUN}'s encapsulation, the default of its real servers (null for NAT and DR). */
    Tunnel tunnel,
    Integer persistenceTimeout,
    String persistenceGranularity,
    String persistenceEngine,
    double delayLoop,
    int quorum,
    int hysteresis,
    ScriptCommand quorumUp,
    ScriptCommand quorumDown,
    boolean alpha,
    boolean omega,
    boolean haSuspend,
    boolean inhibitOnFailure,
    String virtualhost,
    String sorryServer,
    boolean sorryServerInhibit,
    boolean smtpAlert,
    String ipFamily,
    List<RealServer> realServers) {
  public VirtualServer {
    realServers = List.copyOf(realServers);
  }

  public enum Kind { ADDRESS, FWMARK, GROUP }

  /** keepalived's name for it in logs: {@code [IP]:proto:PORT}, {@code FWM N} or the group. */
  public String label() {
    return switch (kind) {
      case ADDRESS -> "[" + address + "]:" + protocol.toLowerCase(java.util.Locale.ROOT) + ":" + port;
      case FWMARK -> "FWM " + fwmark;
      case GROUP -> "GROUP " + group;
    };
  }
}
