package io.vertalived.ipvs.kernel;

import io.vertalived.core.config.model.IpAddress;
import io.vertalived.core.config.model.Tunnel;
import io.vertalived.ipvs.table.ForwardMethod;
import io.vertalived.ipvs.table.LvsDestination;
import io.vertalived.ipvs.table.LvsService;
import io.vertalived.ipvs.table.LvsTable;
import io.vertalived.ipvs.table.LvsVirtualService;
import io.vertalived.ipvs.table.ServiceKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ipvsadm -Sn} (its rules, as {@code ipvsadm-save -n} writes them) read into a table: the cross-check of our
 * dump by a tool no one here wrote. Only what our tests use is understood; anything else fails loudly.
 */
final class IpvsadmSave {
  private IpvsadmSave() {}

  static LvsTable parse(String text) {
    Map<ServiceKey, LvsService> services = new LinkedHashMap<>();
    Map<ServiceKey, Map<String, LvsDestination>> dests = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      List<String> w = List.of(line.trim().split("\\s+"));
      ServiceKey key = key(w);
      if (w.get(0).equals("-A")) {
        services.put(key, service(key, w));
        dests.put(key, new LinkedHashMap<>());
      } else if (w.get(0).equals("-a")) {
        LvsDestination d = destination(w);
        dests.get(key).put(d.endpoint(), d);
      } else {
        throw new IllegalArgumentException("not an ipvsadm rule: " + line);
      }
    }
    Map<ServiceKey, LvsVirtualService> out = new LinkedHashMap<>();
    services.forEach((k, s) -> out.put(k, new LvsVirtualService(s, dests.get(k))));
    return new LvsTable(out);
  }

  private static ServiceKey key(List<String> w) {
    boolean ipv6 = w.contains("-6");
    for (int i = 1; i < w.size() - 1; i++) {
      String v = w.get(i + 1);
      switch (w.get(i)) {
        case "-t", "-u", "--sctp-service" -> {
          String proto = w.get(i).equals("-t") ? "TCP" : w.get(i).equals("-u") ? "UDP" : "SCTP";
          int colon = v.lastIndexOf(':');
          return ServiceKey.ofAddress(proto, ip(v.substring(0, colon)), Integer.parseInt(v.substring(colon + 1)));
        }
        case "-f" -> {
          return ServiceKey.ofFwmark(Integer.parseInt(v), ipv6);
        }
        default -> { }
      }
    }
    throw new IllegalArgumentException("no service in " + w);
  }

  private static LvsService service(ServiceKey k, List<String> w) {
    String sched = null;
    int flags = 0;
    int timeout = 0;
    boolean v6 = k.family() == ServiceKey.AF_INET6;
    int netmask = v6 ? 128 : 0xffffffff;
    String pe = null;
    for (int i = 0; i < w.size(); i++) {
      String next = i + 1 < w.size() ? w.get(i + 1) : null;
      switch (w.get(i)) {
        case "-s" -> sched = next;
        case "-p" -> {
          flags |= LvsService.F_PERSISTENT;
          timeout = Integer.parseInt(next);
        }
        case "-M" -> netmask = v6 ? Integer.parseInt(next)
            : java.nio.ByteBuffer.wrap(ip(next).address().getAddress()).getInt();
        case "-o" -> flags |= LvsService.F_ONEPACKET;
        case "--pe" -> pe = next;
        case "-b" -> {
          for (String f : next.split(",")) {
            flags |= switch (f) {
              case "flag-1", "sh-fallback", "mh-fallback" -> LvsService.F_SCHED1;
              case "flag-2", "sh-port", "mh-port" -> LvsService.F_SCHED2;
              case "flag-3" -> LvsService.F_SCHED3;
              default -> throw new IllegalArgumentException("unknown scheduler flag " + f);
            };
          }
        }
        default -> { }
      }
    }
    return new LvsService(k, sched, flags, timeout, netmask, pe);
  }

  private static LvsDestination destination(List<String> w) {
    IpAddress a = null;
    int port = 0;
    ForwardMethod m = ForwardMethod.DR;
    int weight = 1;
    int x = 0;
    int y = 0;
    String tunType = "ipip";
    int tunPort = 0;
    String tunCsum = "nocsum";
    for (int i = 0; i < w.size(); i++) {
      String next = i + 1 < w.size() ? w.get(i + 1) : null;
      switch (w.get(i)) {
        case "-r" -> {
          int colon = next.lastIndexOf(':');
          a = ip(next.substring(0, colon));
          port = Integer.parseInt(next.substring(colon + 1));
        }
        case "-m" -> m = ForwardMethod.NAT;
        case "-g" -> m = ForwardMethod.DR;
        case "-i" -> m = ForwardMethod.TUN;
        case "-w" -> weight = Integer.parseInt(next);
        case "-x" -> x = Integer.parseInt(next);
        case "-y" -> y = Integer.parseInt(next);
        case "--tun-type" -> tunType = next;
        case "--tun-port" -> tunPort = Integer.parseInt(next);
        case "--tun-nocsum" -> tunCsum = "nocsum";
        case "--tun-csum" -> tunCsum = "csum";
        case "--tun-remcsum" -> tunCsum = "remcsum";
        default -> { }
      }
    }
    return new LvsDestination(a, port, m, weight, x, y, new Tunnel(tunType, tunPort, tunCsum));
  }

  private static IpAddress ip(String s) {
    String t = s.startsWith("[") ? s.substring(1, s.length() - 1) : s;
    return IpAddress.parse(t).orElseThrow(() -> new IllegalArgumentException("not an address: " + s));
  }
}
