package io.vertalived.core.config.keywords;

import io.vertalived.core.config.model.Tunnel;
import io.vertalived.core.config.parse.Args;
import java.util.OptionalLong;

/**
 * {@code lb_kind} / {@code lvs_method} of a virtual or real server, read as keepalived 2.2.7 reads them (keepalived.conf(5)
 * Virtual server(s)): {@code NAT}, {@code DR} or {@code TUN}, then the tunnel's options {@code type ipip|gue|gre},
 * {@code port N} (GUE, and only GUE), {@code nocsum|csum|remcsum} (not for ipip; no remcsum for gre). An unknown
 * method is ignored; a bad option leaves the method set and the tunnel as it was.
 */
final class ForwardingLine {
  private ForwardingLine() {}

  /** The method and, when the options are good, the tunnel (null: unchanged). */
  record Forwarding(String method, Tunnel tunnel) {}

  /** @param serverType {@code virtual} or {@code real}, as the messages name it */
  static Forwarding parse(Args a, String serverType) {
    String m = a.get(1);
    if (!m.equals("NAT") && !m.equals("DR") && !m.equals("TUN")) {
      a.error("PARSER : unknown [" + m + "] routing method for " + serverType + " server.");
      return null;
    }
    String type = "ipip";
    long port = 0;
    String checksum = "nocsum";
    for (int i = 2; i < a.size(); i++) {
      String w = a.get(i);
      if (w.equals("type")) {
        if (i + 1 == a.size()) {
          a.error("Missing tunnel type for " + serverType + " server.");
          return new Forwarding(m, null);
        }
        String t = a.get(i + 1);
        if (!t.equals("ipip") && !t.equals("gue") && !t.equals("gre")) {
          a.error("Unknown tunnel type " + t + " for " + serverType + " server.");
          return new Forwarding(m, null);
        }
        type = t;
        i++;
      } else if (w.equals("port")) {
        if (i + 1 == a.size()) {
          a.error("Missing port for " + serverType + " server gue tunnel.");
          return new Forwarding(m, null);
        }
        OptionalLong p = a.unsigned(i + 1, 1, 65535);
        if (p.isEmpty()) {
          a.error("Invalid gue tunnel port " + a.get(i + 1) + " for " + serverType + " server.");
          return new Forwarding(m, null);
        }
        port = p.getAsLong();
        i++;
      } else if (w.equals("nocsum") || w.equals("csum") || w.equals("remcsum")) {
        checksum = w;
      } else {
        a.error("Invalid tunnel option " + w + " for " + serverType + " server.");
        return new Forwarding(m, null);
      }
    }
    if (type.equals("gue") != (port != 0)) {
      a.error("gue tunnels require port, otherwise cannot have port.");
      return new Forwarding(m, null);
    }
    if (type.equals("ipip") && !checksum.equals("nocsum")) {
      a.error("ipip tunnels do not support checksum option.");
      return new Forwarding(m, null);
    }
    if (type.equals("gre") && checksum.equals("remcsum")) {
      a.error("gre tunnels do not support remote checksum option.");
      return new Forwarding(m, null);
    }
    return new Forwarding(m, new Tunnel(type, (int) port, checksum));
  }
}
