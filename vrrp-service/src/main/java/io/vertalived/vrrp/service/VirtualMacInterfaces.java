package io.vertalived.vrrp.service;

import io.vertalived.core.config.model.VrrpInstance;
import io.vertalived.vrrp.net.InterfaceSysctl;
import io.vertalived.core.net.rtnl.VmacLink;
import java.io.IOException;
import java.net.NetworkInterface;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * {@code use_vmac}: each such instance speaks and holds its VIPs on its own macvlan interface
 * ({@code vrrp.<VRID>} unless named) with the virtual router MAC, so a takeover moves no MAC in
 * the clients' ARP caches, only the switch's port. As keepalived 2.2.7 sets them up (checked in
 * namespaces against it): created when the service starts, private mode, up, no IPv6 link-local;
 * on the VMAC {@code arp_ignore=1 accept_local=1 rp_filter=0 promote_secondaries=1}, on the base
 * interface {@code arp_ignore=1 arp_filter=1} (so only the VMAC answers ARP for the VIPs). Unlike
 * keepalived, the base interface's settings are restored when the service stops, after the
 * VMACs are deleted. Blocking (netlink, /proc): on the netlink thread only.
 */
final class VirtualMacInterfaces {
  private static final Logger LOG = Logger.getLogger("io.vertalived.vrrp");
  private static final String[][] ON_VMAC = {{"arp_ignore", "1"}, {"accept_local", "1"}, {"rp_filter", "0"},
      {"promote_secondaries", "1"}};
  private static final String[][] ON_BASE = {{"arp_ignore", "1"}, {"arp_filter", "1"}, {"arp_announce", "2"}};

  private List<VrrpInstance> instances;
  private final List<String> created = new ArrayList<>();
  /** "interface/key" → the value before we changed it. */
  private final Map<String, String> saved = new LinkedHashMap<>();
  private VmacLink link;

  VirtualMacInterfaces(List<VrrpInstance> all) {
    this.instances = all.stream().filter(vi -> vi.vmacInterface() != null).toList();
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
    byte[] mac = VmacLink.virtualRouterMac(vi.virtualRouterId());
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
    try {
      link.create(name, base.getIndex(), mac);
    } catch (IOException e) {
      throw new IOException("(" + vi.name() + ") cannot create VMAC interface " + name + ": " + e.getMessage(), e);
    }
    created.add(name);
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
   * A reload: the VMACs of instances that are no longer there go (their instances were deleted
   * first), those of new instances are made; answers the changes.
   */
  List<String> reconcile(List<VrrpInstance> all) throws IOException {
    List<VrrpInstance> next = all.stream().filter(vi -> vi.vmacInterface() != null).toList();
    java.util.Set<String> wanted = new java.util.HashSet<>();
    next.forEach(vi -> wanted.add(vi.vmacInterface()));
    List<String> changes = new ArrayList<>();
    if (link == null && !next.isEmpty()) {
      link = new VmacLink();
    }
    for (String name : List.copyOf(created)) {
      if (!wanted.contains(name)) {
        try {
          link.delete(name);
          created.remove(name);
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
    return changes;
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
    for (String name : created) {
      try {
        link.delete(name);
      } catch (IOException e) {
        LOG.severe("cannot delete VMAC interface " + name + ": " + e.getMessage());
      }
    }
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
