package io.vertalived.vrrp.service;

import io.vertalived.core.config.model.VrrpInstance;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where an instance speaks: the interface that holds its VIPs and sends its gratuitous ARPs
 * (its VMAC with {@code use_vmac}), that interface's index and MAC, the advert source address
 * (configured, or the instance interface's own IPv4 address, never a VIP) and the interface the VRRP
 * sockets use (the VMAC too, except for unicast and {@code vmac_xmit_base}: the instance's own).
 */
record InstanceNetwork(String interfaceName, int ifindex, byte[] mac, InetAddress source, String socketInterface) {

  /** An address on an interface, with its prefix length. */
  record Assigned(InetAddress address, int prefixLength) {}

  /**
   * The interface's own IPv4 address: never one of the instance's VIPs (a crashed predecessor's
   * are still there at start, and are removed right after), and an address of a network (prefix
   * under 32) before a host address such as another instance's VIP.
   */
  static InetAddress ownAddress(VrrpInstance vi, java.util.List<Assigned> addresses) {
    return ownAddress(vips(List.of(vi)), addresses);
  }

  /** {@link #ownAddress(VrrpInstance, java.util.List)}, never one of {@code vips} (every instance's, as keepalived). */
  static InetAddress ownAddress(Set<InetAddress> vips, java.util.List<Assigned> addresses) {
    InetAddress hostAddress = null;
    for (Assigned ia : addresses) {
      InetAddress a = ia.address();
      if (a instanceof Inet4Address && !vips.contains(a)) {
        if (ia.prefixLength() < 32) {
          return a;
        }
        if (hostAddress == null) {
          hostAddress = a;
        }
      }
    }
    return hostAddress;
  }

  /** An IPv6 instance (its VIPs or native_ipv6: keepalived's family rules, resolved with the configuration). */
  static boolean ipv6(VrrpInstance vi) {
    return vi.mcastDstIp().address() instanceof java.net.Inet6Address;
  }

  /**
   * The interface's own link-local IPv6 address, the source of its VRRPv3 adverts (RFC 5798 5.1.2.1), without its
   * scope (the sockets name the link by index): never one of the instance's VIPs (RFC 5798 5.2.9 wants the first
   * VIP link-local; a crashed predecessor's is still there at start), as keepalived skips its own addresses.
   */
  static InetAddress linkLocal(Set<InetAddress> vips, java.util.List<Assigned> addresses) {
    for (Assigned ia : addresses) {
      if (ia.address() instanceof java.net.Inet6Address && ia.address().isLinkLocalAddress() && !vips.contains(ia.address())) {
        try {
          return InetAddress.getByAddress(ia.address().getAddress());
        } catch (java.net.UnknownHostException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return null;
  }

  /** The VIPs and excluded VIPs of {@code instances}: never an advert source (keepalived skips every instance's). */
  static Set<InetAddress> vips(List<VrrpInstance> instances) {
    Set<InetAddress> vips = new HashSet<>();
    for (VrrpInstance vi : instances) {
      vi.virtualIpAddresses().forEach(v -> vips.add(v.address().address()));
      vi.excludedAddresses().forEach(v -> vips.add(v.address().address()));
    }
    return vips;
  }

  /**
   * The advert source: configured, or the instance interface's own address now ({@link #ownAddress},
   * {@link #linkLocal}), never one of {@code vips}; null when it has none (the instance waits in FAULT,
   * {@link SourceAddress}).
   */
  static InetAddress source(VrrpInstance vi, Set<InetAddress> vips) throws SocketException {
    if (vi.sourceIp() != null) {
      return vi.sourceIp().address();
    }
    // the JDK lists no interface without an address: none to take then
    NetworkInterface base = NetworkInterface.getByName(sourceInterface(vi));
    if (base == null) {
      return null;
    }
    List<Assigned> addresses = base.getInterfaceAddresses().stream()
        .map(ia -> new Assigned(ia.getAddress(), ia.getNetworkPrefixLength())).toList();
    if (!ipv6(vi)) {
      return ownAddress(vips, addresses);
    }
    // a link-local address still in duplicate address detection cannot be bound yet: the event at its end looks again
    Set<InetAddress> notYet = unusable(readIfInet6(), base.getName());
    return linkLocal(vips, addresses.stream().filter(a -> !notYet.contains(a.address())).toList());
  }

  private static String readIfInet6() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/net/if_inet6"));
    } catch (java.io.IOException e) {
      return "";
    }
  }

  /**
   * The IPv6 addresses of {@code ifname} that cannot be used yet or at all, from {@code /proc/net/if_inet6}
   * (address, index, prefix, scope, flags, name): tentative (in duplicate address detection, RFC 4862 5.4) or
   * whose detection failed (IFA_F_TENTATIVE 0x40, IFA_F_DADFAILED 0x08).
   */
  static Set<InetAddress> unusable(String ifInet6, String ifname) {
    Set<InetAddress> out = new HashSet<>();
    for (String line : ifInet6.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 6 || !f[5].equals(ifname) || f[0].length() != 32) {
        continue;
      }
      try {
        if ((Integer.parseInt(f[4], 16) & (0x40 | 0x08)) != 0) {
          byte[] a = new byte[16];
          for (int i = 0; i < 16; i++) {
            a[i] = (byte) Integer.parseInt(f[0].substring(2 * i, 2 * i + 2), 16);
          }
          out.add(InetAddress.getByAddress(a));
        }
      } catch (NumberFormatException | java.net.UnknownHostException e) {
        // a line of another format: not ours to judge
      }
    }
    return out;
  }

  /**
   * {@code use_vmac} with the adverts sent and received on the VMAC: not with unicast peers, nor
   * with {@code vmac_xmit_base} (reset in strict mode, as keepalived), which use the base interface.
   */
  static boolean speaksOnVmac(VrrpInstance vi) {
    return vi.vmacInterface() != null && !vi.unicast()
        && !(vi.otherKeywords().containsKey("vmac_xmit_base") && !vi.strictMode());
  }

  /**
   * The interface the advert source is taken from: an IPv6 instance that speaks on its VMAC, the
   * VMAC (its link-local address, {@link VirtualMacInterfaces}); else the configured interface (an
   * IPv4 VMAC has no address of its own).
   */
  static String sourceInterface(VrrpInstance vi) {
    return ipv6(vi) && speaksOnVmac(vi) ? vi.vmacInterface() : vi.interfaceName();
  }

  /** keepalived's words for an instance whose interface has no address of its family. */
  static String noAddress(VrrpInstance vi) {
    return "no IPv" + (ipv6(vi) ? 6 : 4) + " address for interface";
  }

  /**
   * Resolves the instance's interfaces; a VMAC must exist already ({@link VirtualMacInterfaces}).
   * The source is null when the interface has no address of the instance's family yet.
   */
  static InstanceNetwork resolve(VrrpInstance vi, Set<InetAddress> vips) throws SocketException {
    boolean ipv6 = ipv6(vi);
    // by index and sysfs: the JDK does not list an interface without addresses
    int baseIndex = io.vertalived.core.net.LibC.if_nametoindex(vi.interfaceName());
    if (baseIndex == 0) {
      throw new SocketException("interface " + vi.interfaceName() + " of " + vi.name() + " does not exist");
    }
    InetAddress source = source(vi, vips);
    if (vi.vmacInterface() != null) {
      // the JDK does not list an interface without addresses, as a backup's VMAC is: by index
      int index = io.vertalived.core.net.LibC.if_nametoindex(vi.vmacInterface());
      if (index == 0) {
        throw new SocketException("VMAC interface " + vi.vmacInterface() + " of " + vi.name() + " does not exist");
      }
      return new InstanceNetwork(vi.vmacInterface(), index,
          io.vertalived.core.net.rtnl.VmacLink.virtualRouterMac(vi.virtualRouterId(), ipv6),
          source, speaksOnVmac(vi) ? vi.vmacInterface() : vi.interfaceName());
    }
    return new InstanceNetwork(vi.interfaceName(), baseIndex, mac(vi.interfaceName()), source, vi.interfaceName());
  }

  /**
   * The interface's hardware address: the JDK's (this network namespace's, whatever /sys shows) when
   * it lists the interface, else sysfs (an interface without addresses); zeros when it has none of
   * six bytes (a tunnel, say).
   */
  static byte[] mac(String name) {
    try {
      NetworkInterface listed = NetworkInterface.getByName(name);
      byte[] jdk = listed == null ? null : listed.getHardwareAddress();
      if (jdk != null && jdk.length == 6) {
        return jdk;
      }
      String text = java.nio.file.Files.readString(java.nio.file.Path.of("/sys/class/net", name, "address")).strip();
      String[] parts = text.split(":");
      if (parts.length != 6) {
        return new byte[6];
      }
      byte[] mac = new byte[6];
      for (int i = 0; i < 6; i++) {
        mac[i] = (byte) Integer.parseInt(parts[i], 16);
      }
      return mac;
    } catch (java.io.IOException | NumberFormatException e) {
      return new byte[6]; // SocketException included
    }
  }
}
