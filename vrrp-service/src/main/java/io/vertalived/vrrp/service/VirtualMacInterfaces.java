package io.vertalived.vrrp.service;

import io.vertalived.core.config.model.GlobalDefs;
import io.vertalived.core.config.model.IpAddress;
import io.vertalived.core.config.model.VirtualAddress;
import io.vertalived.core.config.model.VrrpInstance;
import io.vertalived.core.net.rtnl.AddressNetlink;
import io.vertalived.vrrp.net.InterfaceSysctl;
import io.vertalived.vrrp.net.VmacReportRules;
import io.vertalived.core.net.rtnl.VmacLink;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * {@code use_vmac}: each such instance speaks and holds its VIPs on its own macvlan interface
 * ({@code vrrp.<VRID>} unless named) with the virtual router MAC, so a takeover moves no MAC in
 * the clients' ARP caches, only the switch's port. As keepalived 2.2.7 sets them up (checked in
 * namespaces against it): created when the service starts, private mode, up, no IPv6 link-local
 * made from its MAC. An IPv4 instance's: on the VMAC {@code arp_ignore=1 accept_local=1
 * rp_filter=0 promote_secondaries=1}, on the base interface {@code arp_ignore=1 arp_filter=1} (so
 * only the VMAC answers ARP for the VIPs). An IPv6 instance's (RFC 5798 7.3, 00-00-5E-00-02-{VRID}):
 * IPv6 on, and the link-local address the adverts leave from added without DAD (keepalived's
 * choice: the configured source, else the base interface's link-local, else one made from the
 * base interface's MAC). The VMACs' multicast listener reports leave through their base
 * interfaces ({@link VmacReportRules}). Unlike keepalived, the base interface's settings are
 * restored when the service stops, after the VMACs are deleted. Blocking (netlink, /proc): on the
 * netlink thread only.
 */
final class VirtualMacInterfaces {
  private static final Logger LOG = Logger.getLogger("io.vertalived.vrrp");
  private static final String[][] ON_VMAC = {{"arp_ignore", "1"}, {"accept_local", "1"}, {"rp_filter", "0"},
      {"promote_secondaries", "1"}};
  private static final String[][] ON_BASE = {{"arp_ignore", "1"}, {"arp_filter", "1"}, {"arp_announce", "2"}};

  private List<VrrpInstance> instances;
  /** Every instance's VIPs: never the link-local address given to an IPv6 VMAC. */
  private java.util.Set<InetAddress> vips;
  private GlobalDefs global;
  private final List<String> created = new ArrayList<>();
  /** The VMACs made, with their base interfaces: what {@link VmacReportRules} covers. */
  private final Map<String, VmacReportRules.Vmac> made = new LinkedHashMap<>();
  private VmacReportRules reports;
  /** "interface/key" → the value before we changed it. */
  private final Map<String, String> saved = new LinkedHashMap<>();
  private VmacLink link;

  VirtualMacInterfaces(GlobalDefs global, List<VrrpInstance> all) {
    this.instances = all.stream().filter(vi -> vi.vmacInterface() != null).toList();
    this.vips = InstanceNetwork.vips(all);
    this.global = global;
  }

  /**
   * Creates every VMAC; fails with the first that cannot be made, naming instance and reason,
   * after undoing what was done.
   */
  void setUp() throws IOException {
    if (instances.isEmpty()) {
      return;
    }
    link = new VmacLink();
    try {
      for (VrrpInstance vi : instances) {
        create(vi);
      }
    } catch (IOException e) {
      tearDown();
      throw e;
    }
  }

  private void create(VrrpInstance vi) throws IOException {
    String name = vi.vmacInterface();
    boolean ipv6 = InstanceNetwork.ipv6(vi);
    byte[] mac = VmacLink.virtualRouterMac(vi.virtualRouterId(), ipv6);
    NetworkInterface base = NetworkInterface.getByName(vi.interfaceName());
    if (base == null) {
      throw new IOException("(" + vi.name() + ") interface " + vi.interfaceName() + " for use_vmac does not exist");
    }
    if (io.vertalived.core.net.LibC.if_nametoindex(name) != 0) {
      if (!macOf(name).equalsIgnoreCase(VmacLink.macText(mac))) {
        throw new IOException("(" + vi.name() + ") interface " + name + " exists and is not this instance's VMAC;"
            + " name another one with use_vmac NAME");
      }
      // a crashed predecessor's: made again, so that its settings are ours
      link.delete(name);
    }
    int index;
    try {
      index = link.create(name, base.getIndex(), mac);
      created.add(name);
      made.put(name, new VmacReportRules.Vmac(name, index, base.getIndex(), ipv6));
      // the rules before it is up: its first listener reports and router solicitation leave at once
      applyReportRules();
      link.up(name, index);
    } catch (IOException e) {
      throw new IOException("(" + vi.name() + ") cannot create VMAC interface " + name + ": " + e.getMessage(), e);
    }
    if (ipv6) {
      setUpIpv6(vi, name, index, base);
      LOG.info("(" + vi.name() + ") VMAC interface " + name + " created on " + vi.interfaceName());
      return;
    }
    for (String[] kv : ON_VMAC) {
      InterfaceSysctl.set(name, kv[0], kv[1]);
    }
    for (String[] kv : ON_BASE) {
      String key = vi.interfaceName() + "/" + kv[0];
      saved.putIfAbsent(key, InterfaceSysctl.get(vi.interfaceName(), kv[0]));
      InterfaceSysctl.set(vi.interfaceName(), kv[0], kv[1]);
    }
    LOG.info("(" + vi.name() + ") VMAC interface " + name + " created on " + vi.interfaceName());
  }

  /**
   * An IPv6 instance's VMAC: IPv6 on (a host whose new interfaces start without it), and unless
   * {@code vmac_xmit_base} the link-local address its adverts leave from, without DAD (as
   * keepalived 2.2.7 adds it).
   */
  private void setUpIpv6(VrrpInstance vi, String name, int index, NetworkInterface base) throws IOException {
    Path disabled = Path.of("/proc/sys/net/ipv6/conf", name, "disable_ipv6");
    if (Files.isRegularFile(disabled) && !Files.readString(disabled).strip().equals("0")) {
      Files.writeString(disabled, "0");
    }
    if (vi.otherKeywords().containsKey("vmac_xmit_base") && !vi.strictMode()) {
      return;
    }
    Inet6Address ll = linkLocal(vi, vips, base);
    try (AddressNetlink addresses = new AddressNetlink()) {
      addresses.add(index, new VirtualAddress(new IpAddress(ll), 64, null, null, null, null, null, false, true, false,
          false, false, false, null, false), null);
    } catch (IOException e) {
      throw new IOException("(" + vi.name() + ") cannot add link-local address " + IpAddress.text(ll) + " to VMAC "
          + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * The link-local address of an IPv6 instance's VMAC, as keepalived chooses it: the configured
   * source ({@code mcast_src_ip}/{@code unicast_src_ip}), else the base interface's link-local
   * address that is no VIP, else one made from the base interface's MAC (RFC 4291 2.5.1,
   * modified EUI-64).
   */
  static Inet6Address linkLocal(VrrpInstance vi, java.util.Set<InetAddress> vips, NetworkInterface base)
      throws IOException {
    if (vi.sourceIp() != null && vi.sourceIp().address() instanceof Inet6Address configured) {
      return configured;
    }
    InetAddress own = InstanceNetwork.linkLocal(vips, base.getInterfaceAddresses().stream()
        .map(ia -> new InstanceNetwork.Assigned(ia.getAddress(), ia.getNetworkPrefixLength())).toList());
    if (own instanceof Inet6Address ll) {
      return ll;
    }
    return fromMac(InstanceNetwork.mac(base.getName()));
  }

  /** fe80::/64 with the modified EUI-64 interface identifier of {@code mac} (RFC 4291 2.5.1, appendix A). */
  static Inet6Address fromMac(byte[] mac) {
    byte[] a = new byte[16];
    a[0] = (byte) 0xfe;
    a[1] = (byte) 0x80;
    a[8] = (byte) (mac[0] ^ 0x02);
    a[9] = mac[1];
    a[10] = mac[2];
    a[11] = (byte) 0xff;
    a[12] = (byte) 0xfe;
    a[13] = mac[3];
    a[14] = mac[4];
    a[15] = mac[5];
    try {
      return (Inet6Address) InetAddress.getByAddress(a);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The report rules for the VMACs there are now (none: their tables go). A host where they cannot
   * be made (no nf_tables) runs on with a warning, as keepalived does: its BACKUPs' VMACs may then
   * draw the switch's entry for the virtual MAC while they join groups.
   */
  private void applyReportRules() {
    try {
      if (reports == null) {
        if (made.isEmpty()) {
          return;
        }
        reports = new VmacReportRules(global.nftables().table() + "_vmac");
      }
      String warning = reports.apply(List.copyOf(made.values()),
          !global.otherKeywords().containsKey("disable_local_igmp"));
      if (warning != null) {
        LOG.warning(warning);
      }
    } catch (IOException e) {
      LOG.warning("cannot set the nftables rules that send the VMACs' multicast listener reports from their base"
          + " interfaces: " + e.getMessage());
    }
  }

  /**
   * A reload: the VMACs of instances that are no longer there go (their instances were deleted
   * first), those of new instances are made; answers the changes.
   */
  List<String> reconcile(GlobalDefs nextGlobal, List<VrrpInstance> all) throws IOException {
    global = nextGlobal;
    vips = InstanceNetwork.vips(all);
    List<VrrpInstance> next = all.stream().filter(vi -> vi.vmacInterface() != null).toList();
    java.util.Set<String> wanted = new java.util.HashSet<>();
    next.forEach(vi -> wanted.add(vi.vmacInterface()));
    List<String> changes = new ArrayList<>();
    if (link == null && !next.isEmpty()) {
      link = new VmacLink();
    }
    for (String name : List.copyOf(created)) {
      // kept by name but now another instance's (family, VRID, base interface): made again below
      if (!wanted.contains(name) || next.stream().anyMatch(vi -> vi.vmacInterface().equals(name) && !matches(vi, name))) {
        try {
          link.delete(name);
          created.remove(name);
          made.remove(name);
          changes.add("VMAC interface " + name + " deleted");
        } catch (IOException e) {
          LOG.severe("cannot delete VMAC interface " + name + ": " + e.getMessage());
        }
      }
    }
    for (VrrpInstance vi : next) {
      if (!created.contains(vi.vmacInterface())) {
        create(vi);
        changes.add("VMAC interface " + vi.vmacInterface() + " created");
      }
    }
    instances = next;
    applyReportRules();
    return changes;
  }

  /** Whether the VMAC {@code name} is what {@code vi} wants: its MAC (family and VRID) and base interface. */
  private boolean matches(VrrpInstance vi, String name) {
    VmacReportRules.Vmac m = made.get(name);
    boolean ipv6 = InstanceNetwork.ipv6(vi);
    return m != null && m.ipv6() == ipv6
        && m.baseIndex() == io.vertalived.core.net.LibC.if_nametoindex(vi.interfaceName())
        && macOf(name).equalsIgnoreCase(VmacLink.macText(VmacLink.virtualRouterMac(vi.virtualRouterId(), ipv6)));
  }

  /** The MAC of interface {@code name} as {@code ip link} shows it ("" if unreadable). */
  private static String macOf(String name) {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/sys/class/net", name, "address")).strip();
    } catch (IOException e) {
      return "";
    }
  }

  /** Deletes the VMACs and puts the base interfaces' settings back. */
  void tearDown() {
    // the VMACs first: a deleted interface's last listener report (a leave) must still go out of its base
    for (String name : created) {
      try {
        link.delete(name);
      } catch (IOException e) {
        LOG.severe("cannot delete VMAC interface " + name + ": " + e.getMessage());
      }
    }
    if (reports != null) {
      try {
        reports.remove();
      } catch (IOException e) {
        LOG.warning("cannot delete the VMACs' report rules: " + e.getMessage());
      }
      reports.close();
      reports = null;
    }
    made.clear();
    created.clear();
    saved.forEach((key, value) -> {
      String[] ifKey = key.split("/", 2);
      try {
        InterfaceSysctl.set(ifKey[0], ifKey[1], value);
      } catch (IOException e) {
        LOG.warning("cannot restore net.ipv4.conf." + ifKey[0] + "." + ifKey[1] + " to " + value + ": " + e.getMessage());
      }
    });
    saved.clear();
    if (link != null) {
      link.close();
      link = null;
    }
  }
}
