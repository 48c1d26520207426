package io.vertalived.ipvs.desired;

import io.vertalived.core.config.model.IpAddress;
import io.vertalived.core.config.model.KeepalivedConfig;
import io.vertalived.core.config.model.VirtualServer;
import io.vertalived.core.config.model.VirtualServerGroup;
import io.vertalived.ipvs.table.ServiceKey;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel services of one {@code virtual_server} (keepalived.conf(5) Virtual server(s)): one for an address and
 * port or a firewall mark; for {@code virtual_server group NAME}, one per address of each range of the
 * {@code virtual_server_group} (with the range's port) and one per firewall mark.
 */
public final class ServiceKeys {
  /** More addresses than this in one group range is refused (keepalived creates a kernel service per address). */
  public static final int MAX_RANGE = 65536;

  private ServiceKeys() {}

  public static List<ServiceKey> of(VirtualServer vs, KeepalivedConfig config) {
    boolean ipv6 = isIpv6(vs);
    return switch (vs.kind()) {
      case ADDRESS -> List.of(ServiceKey.ofAddress(vs.protocol(), vs.address(), vs.port()));
      case FWMARK -> List.of(ServiceKey.ofFwmark(vs.fwmark(), ipv6));
      case GROUP -> group(vs, config.virtualServerGroups().get(vs.group()), ipv6);
    };
  }

  private static List<ServiceKey> group(VirtualServer vs, VirtualServerGroup g, boolean ipv6) {
    List<ServiceKey> out = new ArrayList<>();
    if (g == null) {
      return out;
    }
    for (VirtualServerGroup.Range r : g.ranges()) {
      BigInteger first = new BigInteger(1, r.first().address().getAddress());
      BigInteger last = new BigInteger(1, r.last().address().getAddress());
      if (last.subtract(first).compareTo(BigInteger.valueOf(MAX_RANGE)) >= 0) {
        throw new IllegalArgumentException("virtual_server_group " + g.name() + ": range " + r.first() + "-"
            + r.last() + " holds more than " + MAX_RANGE + " addresses");
      }
      int width = r.first().isIpv6() ? 16 : 4;
      for (BigInteger a = first; a.compareTo(last) <= 0; a = a.add(BigInteger.ONE)) {
        out.add(ServiceKey.ofAddress(vs.protocol(), address(a, width), r.port()));
      }
    }
    for (int mark : g.fwmarks()) {
      out.add(ServiceKey.ofFwmark(mark, ipv6));
    }
    return out;
  }

  /** {@code ip_family inet6}, or real servers in IPv6 when the service itself has no address. */
  static boolean isIpv6(VirtualServer vs) {
    if (vs.address() != null) {
      return vs.address().isIpv6();
    }
    if (vs.ipFamily() != null) {
      return vs.ipFamily().equals("inet6");
    }
    return !vs.realServers().isEmpty() && vs.realServers().get(0).address().isIpv6();
  }

  private static IpAddress address(BigInteger v, int width) {
    byte[] raw = v.toByteArray();
    byte[] b = new byte[width];
    int n = Math.min(raw.length, width);
    System.arraycopy(raw, raw.length - n, b, width - n, n);
    try {
      return new IpAddress(InetAddress.getByAddress(b));
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
