package io.vertalived.core.config.model;

import java.util.List;

/**
 * {@code virtual_server_group NAME} (keepalived.conf(5) Virtual server(s)): address ranges ({@code a.b.c.d-e} or CIDR) with
 * an optional port, and firewall marks.
 */
public record VirtualServerGroup(String name, List<Range> ranges, List<Integer> fwmarks) {
  public VirtualServerGroup {
    ranges = List.copyOf(ranges);
    fwmarks = List.copyOf(fwmarks);
  }

  /** {@code first}..{@code last} inclusive; {@code port} 0 when not given. */
  public record Range(IpAddress first, IpAddress last, int port) {}
}
