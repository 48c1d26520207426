package io.vertalived.ipvs.table;

import io.vertalived.core.config.model.IpAddress;
import java.util.Comparator;

/**
 * What identifies a virtual service in the kernel's table (include/uapi/linux/ip_vs.h, IPVS_SVC_ATTR_*): the
 * address family, then either protocol + address + port or a firewall mark.
 *
 * @param family {@link #AF_INET} or {@link #AF_INET6}
 * @param protocol {@link #TCP}, {@link #UDP} or {@link #SCTP}; 0 for a firewall mark service
 * @param address null for a firewall mark service
 * @param fwmark 0 unless a firewall mark service
 */
public record ServiceKey(int family, int protocol, IpAddress address, int port, int fwmark)
    implements Comparable<ServiceKey> {
  public static final int AF_INET = 2;
  public static final int AF_INET6 = 10;
  public static final int TCP = 6;
  public static final int UDP = 17;
  public static final int SCTP = 132;

  /** Marks after addresses, then family, protocol, address (as unsigned bytes) and port: cheap, no text made. */
  private static final Comparator<ServiceKey> ORDER = Comparator.comparingInt(ServiceKey::fwmark)
      .thenComparingInt(ServiceKey::family).thenComparingInt(ServiceKey::protocol)
      .thenComparing((a, b) -> a.address == null || b.address == null ? Boolean.compare(a.address != null, b.address != null)
          : java.util.Arrays.compareUnsigned(a.address.address().getAddress(), b.address.address().getAddress()))
      .thenComparingInt(ServiceKey::port);

  public static ServiceKey ofAddress(String protocol, IpAddress address, int port) {
    return new ServiceKey(address.isIpv6() ? AF_INET6 : AF_INET, protocolNumber(protocol), address, port, 0);
  }

  public static ServiceKey ofFwmark(int fwmark, boolean ipv6) {
    return new ServiceKey(ipv6 ? AF_INET6 : AF_INET, 0, null, 0, fwmark);
  }

  public boolean isFwmark() {
    return fwmark != 0;
  }

  /** keepalived.conf's protocol name to IPPROTO_*. */
  public static int protocolNumber(String name) {
    return switch (name.toUpperCase(java.util.Locale.ROOT)) {
      case "TCP" -> TCP;
      case "UDP" -> UDP;
      case "SCTP" -> SCTP;
      default -> throw new IllegalArgumentException("unknown protocol " + name);
    };
  }

  /** As {@code ipvsadm -Ln} names it: {@code TCP  198.18.0.1:80}, {@code FWM  5}, IPv6 in brackets. */
  @Override
  public String toString() {
    if (isFwmark()) {
      return "FWM  " + fwmark + (family == AF_INET6 ? " IPv6" : "");
    }
    String p = switch (protocol) {
      case TCP -> "TCP";
      case UDP -> "UDP";
      case SCTP -> "SCTP";
      default -> "proto " + protocol;
    };
    return p + "  " + Endpoints.of(address, port);
  }

  @Override
  public int compareTo(ServiceKey o) {
    return ORDER.compare(this, o);
  }
}
