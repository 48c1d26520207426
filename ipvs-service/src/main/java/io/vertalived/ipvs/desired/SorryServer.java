package io.vertalived.ipvs.desired;

import io.vertalived.core.config.model.IpAddress;
import io.vertalived.core.config.model.VirtualServer;
import io.vertalived.ipvs.table.ForwardMethod;
import io.vertalived.ipvs.table.LvsDestination;

/**
 * A virtual server's {@code sorry_server IP [PORT]} as a destination: the virtual server's port when none is given
 * or when the forwarding method is not NAT (keepalived.conf(5) port rules), no port for a firewall mark service.
 */
final class SorryServer {
  private SorryServer() {}

  static LvsDestination of(VirtualServer vs) {
    if (vs.sorryServer() == null || vs.sorryServer().isBlank()) {
      return null;
    }
    String[] words = vs.sorryServer().trim().split("\\s+");
    IpAddress address = IpAddress.parse(words[0]).orElse(null);
    if (address == null) {
      return null;
    }
    ForwardMethod method = ForwardMethod.ofConfig(vs.lbKind());
    int port = words.length > 1 && words[1].matches("\\d{1,5}") ? Integer.parseInt(words[1]) : vs.port();
    if (method != ForwardMethod.NAT) {
      port = vs.port();
    }
    if (vs.kind() == VirtualServer.Kind.FWMARK) {
      port = 0;
    }
    return new LvsDestination(address, port, method, 1, 0, 0);
  }
}
