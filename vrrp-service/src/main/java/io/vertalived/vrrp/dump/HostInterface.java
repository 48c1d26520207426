package io.vertalived.vrrp.dump;

import java.net.Inet4Address;
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

  /** Every interface of this host (namespace), by index (blocking: reads the kernel's tables). */
  public static List<HostInterface> all() {
    List<HostInterface> out = new ArrayList<>();
    try {
      for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        out.add(of(ni));
      }
    } catch (java.io.IOException e) {
      return out;
    }
    out.sort(Comparator.comparingInt(HostInterface::index));
    return out;
  }

  private static HostInterface of(NetworkInterface ni) throws java.io.IOException {
    List<String> v4 = new ArrayList<>();
    List<String> v6 = new ArrayList<>();
    for (InetAddress a : Collections.list(ni.getInetAddresses())) {
      if (a instanceof Inet4Address) {
        v4.add(a.getHostAddress());
      } else if (a instanceof Inet6Address a6) {
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
