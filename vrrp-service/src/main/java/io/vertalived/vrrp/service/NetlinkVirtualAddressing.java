package io.vertalived.vrrp.service;

import io.vertalived.core.config.model.IpAddress;
import io.vertalived.core.config.model.RouteSpec;
import io.vertalived.core.config.model.VirtualAddress;
import io.vertalived.core.config.model.VrrpInstance;
import io.vertalived.core.net.rtnl.AddressNetlink;
import io.vertalived.core.net.rtnl.RouteNetlink;
import io.vertalived.core.net.rtnl.RouteTables;
import io.vertalived.core.net.rtnl.RtnlEvent;
import io.vertalived.core.net.rtnl.RuleNetlink;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * One instance's addresses, routes, rules and firewall entries through rtnetlink and nf_tables,
 * in order on the node's {@link NetlinkThread}. A takeover's task runs on the VRRP thread itself
 * when the netlink thread is idle (no hand-over between the timer and the VIP, docs/benchmarks.md),
 * and is built once per configuration, so that nothing is linked for the first time then. Routes
 * go after the addresses and rules after routes on the way up, the reverse on the way down, as
 * keepalived orders them; one that cannot be made is logged and the others go on.
 */
final class NetlinkVirtualAddressing implements VirtualAddressing {
  private static final Logger LOG = Logger.getLogger("io.vertalived.vrrp");
  private final InstanceNetwork net;
  private final NetlinkChannels channels;
  private final NetlinkThread netlinkThread;
  /** The node's no-accept firewall, or null while no instance needs one (a reload may make it). */
  private final java.util.function.Supplier<AcceptModeFirewall> firewall;
  private final GarpAnnouncer announcer;
  /** The configuration the tasks were built for; read and replaced on the VRRP thread. */
  private VrrpInstance vi;
  private Runnable addTask;
  private Runnable removeTask;
  /** The firewall keys dropped at the last add, the same ones accepted at the remove (netlink thread). */
  private List<AcceptModeFirewall.Firewalled> dropped = List.of();
  /** The pending add is a takeover: its gratuitous ARP burst follows the addresses. */
  private volatile boolean garpAfterAdd;

  NetlinkVirtualAddressing(VrrpInstance vi, InstanceNetwork net, NetlinkChannels channels, NetlinkThread netlinkThread,
                           java.util.function.Supplier<AcceptModeFirewall> firewall, GarpAnnouncer announcer) {
    this.net = net;
    this.channels = channels;
    this.netlinkThread = netlinkThread;
    this.firewall = firewall;
    this.announcer = announcer;
    use(vi);
  }

  /** Builds the add and remove tasks of {@code next} (they capture its lists). */
  private void use(VrrpInstance next) {
    this.vi = next;
    List<VirtualAddress> all = InstanceSetup.allAddresses(next);
    List<RouteSpec> routes = next.virtualRoutes();
    List<RouteSpec> rules = next.virtualRules();
    String ifname = next.interfaceName();
    AcceptModeFirewall fw = AcceptModeFirewall.needs(next) ? firewall.get() : null;
    boolean drops = fw != null;
    String name = next.name();
    this.addTask = () -> {
      for (VirtualAddress va : all) {
        addAddress(name, va);
      }
      for (RouteSpec r : routes) {
        route(name, r, true);
      }
      for (RouteSpec r : rules) {
        rule(name, r, true);
      }
      if (drops) {
        // keyed now, as the addresses are there: a link-local VIP's interface index
        dropped = firewalled(all, ifname);
        fw.drop(name, dropped);
      }
      if (garpAfterAdd) {
        garpAfterAdd = false;
        announcer.takeoverBurst();
      }
    };
    this.removeTask = () -> {
      for (RouteSpec r : rules) {
        rule(name, r, false);
      }
      for (RouteSpec r : routes) {
        route(name, r, false);
      }
      for (VirtualAddress va : all) {
        deleteAddress(name, va);
      }
      if (drops) {
        fw.accept(name, dropped);
        dropped = List.of();
      }
    };
  }

  @Override
  public void removeLeftovers() {
    Runnable leftovers = removeTask;
    netlinkThread.execute(leftovers);
  }

  @Override
  public void add() {
    garpAfterAdd = true;
    netlinkThread.runNowIfIdle(addTask);
  }

  @Override
  public void remove() {
    garpAfterAdd = false;
    netlinkThread.execute(removeTask);
  }

  @Override
  public void addressRemoved(int ifindex, InetAddress address) {
    String name = vi.name();
    for (VirtualAddress va : InstanceSetup.allAddresses(vi)) {
      try {
        if (!va.noTrack() && va.address().address().equals(address) && ifindexOf(va) == ifindex) {
          LOG.warning("(" + name + ") VIP " + va.cidr() + " was removed behind our back - re-adding");
          netlinkThread.execute(() -> addAddress(name, va));
        }
      } catch (SocketException e) {
        // the VIP's interface is gone; the link tracker handles that
      }
    }
  }

  @Override
  public void routeRemoved(RtnlEvent.Route removed) {
    String name = vi.name();
    for (RouteSpec r : vi.virtualRoutes()) {
      if (!r.noTrack() && sameRoute(r, removed)) {
        LOG.warning("(" + name + ") virtual route " + String.join(" ", r.words()) + " was removed behind our back - re-adding");
        netlinkThread.execute(() -> route(name, r, true));
      }
    }
  }

  @Override
  public void ruleRemoved(RtnlEvent.Rule removed) {
    String name = vi.name();
    for (RouteSpec r : vi.virtualRules()) {
      if (!r.noTrack() && removed.match().equals(RuleNetlink.match(r))) {
        LOG.warning("(" + name + ") virtual rule " + String.join(" ", r.words()) + " was removed behind our back - re-adding");
        netlinkThread.execute(() -> rule(name, r, true));
      }
    }
  }

  @Override
  public void reconfigure(VrrpInstance next, boolean held) {
    VrrpInstance before = vi;
    use(next);
    if (!held) {
      return;
    }
    String name = next.name();
    List<VirtualAddress> goneAddresses = minus(InstanceSetup.allAddresses(before), InstanceSetup.allAddresses(next));
    List<VirtualAddress> newAddresses = minus(InstanceSetup.allAddresses(next), InstanceSetup.allAddresses(before));
    List<RouteSpec> goneRoutes = minus(before.virtualRoutes(), next.virtualRoutes());
    List<RouteSpec> newRoutes = minus(next.virtualRoutes(), before.virtualRoutes());
    List<RouteSpec> goneRules = minus(before.virtualRules(), next.virtualRules());
    List<RouteSpec> newRules = minus(next.virtualRules(), before.virtualRules());
    AcceptModeFirewall fw = firewall.get();
    boolean dropsBefore = fw != null && AcceptModeFirewall.needs(before);
    boolean dropsAfter = fw != null && AcceptModeFirewall.needs(next);
    netlinkThread.execute(() -> {
      goneRules.forEach(r -> rule(name, r, false));
      goneRoutes.forEach(r -> route(name, r, false));
      for (VirtualAddress va : goneAddresses) {
        LOG.info("(" + name + ") ip address " + va.cidr() + " dev " + (va.device() != null ? va.device()
            : net.interfaceName()) + ", no longer exist");
        deleteAddress(name, va);
      }
      newAddresses.forEach(va -> addAddress(name, va));
      newRoutes.forEach(r -> route(name, r, true));
      newRules.forEach(r -> rule(name, r, true));
      if (dropsBefore) {
        // the keys they were dropped with
        java.util.Set<java.net.InetAddress> gone = new java.util.HashSet<>();
        goneAddresses.forEach(va -> gone.add(va.address().address()));
        List<AcceptModeFirewall.Firewalled> leaving = dropsAfter
            ? dropped.stream().filter(f -> gone.contains(f.address())).toList() : dropped;
        fw.accept(name, leaving);
        List<AcceptModeFirewall.Firewalled> kept = new ArrayList<>(dropped);
        kept.removeAll(leaving);
        dropped = kept;
      }
      if (dropsAfter) {
        List<AcceptModeFirewall.Firewalled> coming =
            firewalled(dropsBefore ? newAddresses : InstanceSetup.allAddresses(next), next.interfaceName());
        fw.drop(name, coming);
        List<AcceptModeFirewall.Firewalled> all = new ArrayList<>(dropped);
        all.addAll(coming);
        dropped = all;
      }
      if (!newAddresses.isEmpty()) {
        // keepalived sends its gratuitous ARPs for all addresses when a reload added one
        announcer.takeoverBurst();
      }
    });
  }

  private static <T> List<T> minus(List<T> a, List<T> b) {
    List<T> out = new ArrayList<>(a);
    out.removeAll(b);
    return out;
  }

  /**
   * The addresses as the firewall keys them: a link-local IPv6 one with the index of the interface it
   * goes on (its {@code dev}, else the instance's), looked up now.
   */
  private List<AcceptModeFirewall.Firewalled> firewalled(List<VirtualAddress> addresses, String ifname) {
    List<AcceptModeFirewall.Firewalled> out = new ArrayList<>();
    for (VirtualAddress va : addresses) {
      java.net.InetAddress a = va.address().address();
      int ifindex = 0;
      if (a.isLinkLocalAddress() && a instanceof java.net.Inet6Address) {
        ifindex = va.device() == null || va.device().equals(ifname) ? net.ifindex()
            : io.vertalived.core.net.LibC.if_nametoindex(va.device());
      }
      out.add(new AcceptModeFirewall.Firewalled(a, ifindex));
    }
    return out;
  }

  private void addAddress(String name, VirtualAddress va) {
    try {
      channels.addresses().add(ifindexOf(va), va, va.label());
    } catch (java.io.IOException e) {
      LOG.severe("(" + name + ") cannot add " + va.cidr() + ": " + e.getMessage());
    }
  }

  private void deleteAddress(String name, VirtualAddress va) {
    try {
      channels.addresses().delete(ifindexOf(va), va);
    } catch (java.io.IOException e) {
      LOG.severe("(" + name + ") cannot remove " + va.cidr() + ": " + e.getMessage());
    }
  }

  private void rule(String name, RouteSpec r, boolean add) {
    try {
      if (add) {
        channels.rules().add(r);
      } else {
        channels.rules().delete(r);
      }
    } catch (java.io.IOException | IllegalArgumentException e) {
      LOG.severe("(" + name + ") cannot " + (add ? "add" : "remove") + " virtual rule "
          + String.join(" ", r.words()) + ": " + e.getMessage());
    }
  }

  private void route(String name, RouteSpec r, boolean add) {
    try {
      // a unicast route with neither gateway nor device goes out of the instance's interface;
      // blackhole, unreachable, prohibit and the like take no device
      boolean unicast = r.type() == null || r.type().equals("unicast");
      int oif = r.device() != null ? ifindexOf(r.device()) : unicast && r.via() == null ? net.ifindex() : 0;
      if (add) {
        channels.routes().add(r, oif);
      } else {
        channels.routes().delete(r, oif);
      }
    } catch (java.io.IOException | IllegalArgumentException e) {
      LOG.severe("(" + name + ") cannot " + (add ? "add" : "remove") + " virtual route "
          + String.join(" ", r.words()) + ": " + e.getMessage());
    }
  }

  private int ifindexOf(String device) throws SocketException {
    if (device.equals(net.interfaceName())) {
      return net.ifindex();
    }
    NetworkInterface ni = NetworkInterface.getByName(device);
    if (ni == null) {
      throw new SocketException("interface " + device + " not found");
    }
    return ni.getIndex();
  }

  private int ifindexOf(VirtualAddress a) throws SocketException {
    // `dev` naming the instance's own interface is the same as none: with use_vmac the VIP goes on the
    // VMAC (keepalived.conf(5) use_vmac; keepalived 2.2.7 does so)
    if (a.device() == null || a.device().equals(vi.interfaceName())) {
      return net.ifindex();
    }
    try {
      return ifindexOf(a.device());
    } catch (SocketException e) {
      throw new SocketException("interface " + a.device() + " of " + a.cidr() + " not found");
    }
  }

  /** Whether a removed route is this virtual route: same table, destination and prefix. */
  static boolean sameRoute(RouteSpec r, RtnlEvent.Route e) {
    Integer table = r.table() == null ? Integer.valueOf(254) : RouteTables.lookup(r.table());
    if (table == null || table != e.table()) {
      return false;
    }
    String dest = r.destination().equals("default") ? "0.0.0.0/0" : r.destination();
    int slash = dest.indexOf('/');
    int prefix = slash < 0 ? 32 : Integer.parseInt(dest.substring(slash + 1));
    var address = IpAddress.parse(slash < 0 ? dest : dest.substring(0, slash));
    return prefix == e.prefixLength() && address.isPresent() && address.get().address().equals(e.destination());
  }
}
