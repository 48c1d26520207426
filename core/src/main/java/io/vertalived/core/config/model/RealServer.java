package io.vertalived.core.config.model;

import java.util.List;

/** {@code real_server IP [PORT]} (keepalived.conf(5) Virtual server(s)), defaults inherited from its virtual server. */
public record RealServer(
    IpAddress address,
    int port,
    int weight,
    String lvsMethod,
    /** {@code TUN}'s encapsulation (null for NAT and DR). */
    Tunnel tunnel,
    boolean inhibitOnFailure,
    ScriptCommand notifyUp,
    ScriptCommand notifyDown,
    int upperThreshold,
    int lowerThreshold,
    boolean smtpAlert,
    List<Checker> checkers) {
  public RealServer {
    checkers = List.copyOf(checkers);
  }

  /** {@code ip:port}, IPv6 as {@code [ip]:port}. */
  public String endpoint() {
    return address.isIpv6() ? "[" + address + "]:" + port : address + ":" + port;
  }
}
