package io.vertalived.core.cluster;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * The address the cluster binds and announces, from {@code --cluster-interface}: an address as
 * given, or a network ({@code 198.18.100.0/24}) in which this host's own address is taken — for
 * containers and DHCP hosts, whose address is not known when their configuration is written.
 * The virtual addresses of the node's own VRRP instances are never taken: one left on an
 * interface by a crashed predecessor is removed when VRRP starts (and moves at every failover).
 */
public final class InterfaceAddress {
  private InterfaceAddress() {}

  /** The address to use; an {@link IllegalArgumentException} naming the setting when none fits. */
  public static String resolve(String spec) {
    return resolve(spec, Set.of());
  }

  /** As above, never one of {@code virtualAddresses} (VRRP's VIPs, as text). */
  public static String resolve(String spec, Set<String> virtualAddresses) {
    if (spec == null || !spec.contains("/")) {
      return spec;
    }
    List<InetAddress> local = new ArrayList<>();
    try {
      for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (n.isUp()) {
          local.addAll(Collections.list(n.getInetAddresses()));
        }
      }
    } catch (SocketException e) {
      throw new IllegalArgumentException("cannot list this host's addresses for --cluster-interface " + spec + ": "
          + e.getMessage());
    }
    return pick(spec, local, virtualAddresses);
  }

  static String pick(String cidr, List<InetAddress> local) {
    return pick(cidr, local, Set.of());
  }

  /** The first of {@code local} in the IPv4 network {@code cidr} that is not one of {@code virtualAddresses}. */
  static String pick(String cidr, List<InetAddress> local, Set<String> virtualAddresses) {
    java.util.function.Predicate<InetAddress> inNetwork = network(cidr);
    boolean onlyVirtual = false;
    for (InetAddress a : local) {
      if (inNetwork.test(a)) {
        if (!virtualAddresses.contains(a.getHostAddress())) {
          return a.getHostAddress();
        }
        onlyVirtual = true;
      }
    }
    throw new IllegalArgumentException("no address of this host is in " + cidr + " (--cluster-interface)"
        + (onlyVirtual ? " but its VRRP virtual addresses, which move between hosts" : ""));
  }

  /**
   * Whether an address is in the IPv4 network {@code cidr} ({@code 198.18.100.0/24}); an
   * {@link IllegalArgumentException} naming the setting for anything else.
   */
  static java.util.function.Predicate<InetAddress> network(String cidr) {
    String[] parts = cidr.split("/", 2);
    int bits;
    byte[] net;
    try {
      bits = Integer.parseInt(parts[1].strip());
      InetAddress a = InetAddress.getByName(parts[0].strip());
      if (!(a instanceof Inet4Address) || bits < 0 || bits > 32 || !parts[0].strip().matches("[0-9.]+")) {
        throw new NumberFormatException();
      }
      net = a.getAddress();
    } catch (NumberFormatException | UnknownHostException e) {
      throw new IllegalArgumentException("--cluster-interface takes an IPv4 address or network such as 198.18.100.0/24,"
          + " not '" + cidr + "'");
    }
    int mask = bits == 0 ? 0 : -1 << (32 - bits);
    int prefix = toInt(net) & mask;
    return a -> a instanceof Inet4Address && (toInt(a.getAddress()) & mask) == prefix;
  }

  private static int toInt(byte[] b) {
    return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | b[3] & 0xff;
  }
}
