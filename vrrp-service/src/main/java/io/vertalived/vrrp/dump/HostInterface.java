package io.vertalived.vrrp.dump;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/** One of the host's interfaces as keepalived's data dump lists them. */
public record HostInterface(String name, int index, List<String> ipv4, List<String> ipv6, String mac, String state,
                            boolean up, boolean loopback, int mtu) {

  /**
   * Every interface of this host (namespace), by index (blocking: reads the kernel's tables). As
   * keepalived lists them: an interface's primary IPv4 addresses in the kernel's order, not the
   * secondary ones nor those of {@code ours} (VIPs it added); its link-local IPv6 addresses.
   */
  public static List<HostInterface> all(java.util.Set<InetAddress> ours) {
    List<HostInterface> out = new ArrayList<>();
    try {
      java.util.Map<Integer, List<String>> primary = primaryIpv4(ours);
      for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        out.add(of(ni, primary.getOrDefault(ni.getIndex(), List.of())));
      }
    } catch (java.io.IOException e) {
      return out;
    }
    out.sort(Comparator.comparingInt(HostInterface::index));
    return out;
  }

  /** ifindex → primary IPv4 addresses in the kernel's order (an RTM_GETADDR dump). */
  private static java.util.Map<Integer, List<String>> primaryIpv4(java.util.Set<InetAddress> ours) throws java.io.IOException {
    java.util.Map<Integer, List<String>> out = new java.util.HashMap<>();
    try (var s = new io.vertalived.core.net.netlink.NetlinkSocket(io.vertalived.core.net.netlink.Netlink.NETLINK_ROUTE)) {
      for (var m : s.dump("RTM_GETADDR", seq -> {
        var b = io.vertalived.core.net.netlink.NetlinkEncoding.header(io.vertalived.core.net.netlink.NetlinkEncoding.allocate(32),
            (short) 22, (short) (io.vertalived.core.net.netlink.Netlink.NLM_F_REQUEST | io.vertalived.core.net.netlink.Netlink.NLM_F_DUMP), seq);
        b.put((byte) 2).put(new byte[7]); // struct ifaddrmsg, AF_INET
        return io.vertalived.core.net.netlink.NetlinkEncoding.finish(b);
      })) {
        var p = m.payload();
        int flags = p.get(18) & 0xff;
        int index = p.getInt(20);
        byte[] local = m.attributes(8).bytes(2);
        if (local == null || local.length != 4 || (flags & 0x01) != 0) {
          continue; // IFA_F_SECONDARY
        }
        InetAddress a = InetAddress.getByAddress(local);
        if (!ours.contains(a)) {
          out.computeIfAbsent(index, k -> new ArrayList<>()).add(io.vertalived.core.config.model.IpAddress.text(a));
        }
      }
    }
    return out;
  }

  private static HostInterface of(NetworkInterface ni, List<String> v4) throws java.io.IOException {
    List<String> v6 = new ArrayList<>();
    for (InetAddress a : Collections.list(ni.getInetAddresses())) {
      if (a instanceof Inet6Address a6 && a6.isLinkLocalAddress()) {
        // keepalived keeps an interface's link-local IPv6 address (the VRRPv3 source)
        v6.add(new io.vertalived.core.config.model.IpAddress(InetAddress.getByAddress(a6.getAddress())).toString());
      }
    }
    byte[] hw = ni.getHardwareAddress();
    String mac = null;
    if (hw != null && hw.length == 6) {
      StringBuilder b = new StringBuilder();
      for (byte x : hw) {
        b.append(b.length() > 0 ? ":" : "").append(String.format("%02x", x & 0xff));
      }
      mac = b.toString();
    }
    StringBuilder state = new StringBuilder(ni.isUp() ? "UP" : "not UP");
    state.append(ni.isUp() ? ", RUNNING" : ", not RUNNING");
    if (ni.isLoopback() || ni.isPointToPoint()) {
      state.append(", no broadcast");
    }
    if (ni.isLoopback()) {
      state.append(", loopback");
    }
    if (ni.isPointToPoint()) {
      state.append(", point to point");
    }
    if (!ni.supportsMulticast()) {
      state.append(", no multicast");
    }
    return new HostInterface(ni.getName(), ni.getIndex(), v4, v6, mac, state.toString(), ni.isUp(), ni.isLoopback(),
        ni.getMTU());
  }
}
