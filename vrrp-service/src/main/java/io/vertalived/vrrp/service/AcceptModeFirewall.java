package io.vertalived.vrrp.service;

import io.vertalived.vrrp.net.NfTablesFirewall;
import io.vertalived.vrrp.net.NfTablesFirewall6;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Accept_Mode False (RFC 5798 6.1 and 6.4.3: a master that is not the address owner does not
 * accept packets addressed to the VIPs) as keepalived enforces it: while a no-accept instance is
 * MASTER its VIPs are in a firewall drop set, so the VIP answers ARP (IPv6: neighbour discovery)
 * but nothing else; out of MASTER they leave it. A table per family, set up when an instance with
 * addresses of that family needs it. One per node, shared by its instances (an address two instances hold
 * leaves the set with the last); used from the netlink thread only.
 *
 * <p>The firewall is set up when the service starts (not at the first takeover, as keepalived
 * does, so no takeover waits for it) and deleted when it stops. If it cannot be set up (no
 * nf_tables in the kernel, no CAP_NET_ADMIN) that is said once and the VIPs accept traffic.
 */
final class AcceptModeFirewall {
  private static final Logger LOG = Logger.getLogger("io.vertalived.vrrp");

  /** A VIP in the drop set: its interface's index tells a link-local IPv6 VIP's link (0 otherwise). */
  record Firewalled(InetAddress address, int ifindex) {
    boolean ipv6() {
      return address instanceof Inet6Address;
    }
  }

  /** The rules in the kernel: {@link NfTablesFirewall} and {@link NfTablesFirewall6} in production. */
  interface Rules {
    /** Sets up the table of one family. */
    void setUp(boolean ipv6) throws IOException;

    /** Adds or removes VIPs of one family. */
    void update(boolean ipv6, boolean drop, List<Firewalled> addresses) throws IOException;

    void tearDown() throws IOException;
  }

  private final Rules rules;
  private final String table;
  private final Map<Firewalled, Integer> dropping = new HashMap<>();
  /** Whether each family's table is working: [IPv4, IPv6]. */
  private final boolean[] working = new boolean[2];

  AcceptModeFirewall(Rules rules, String table) {
    this.rules = rules;
    this.table = table;
  }

  /** Whether {@code vi} needs the firewall: {@code no_accept} (strict mode's default) and not the address owner. */
  static boolean needs(io.vertalived.core.config.model.VrrpInstance vi) {
    return !vi.accept() && vi.priority() != 255;
  }

  /** Whether any instance that {@link #needs} it has an address (VIP or excluded) of the family. */
  static boolean needs(List<io.vertalived.core.config.model.VrrpInstance> instances, boolean ipv6) {
    return instances.stream().filter(AcceptModeFirewall::needs)
        .flatMap(vi -> InstanceSetup.allAddresses(vi).stream())
        .anyMatch(va -> va.address().isIpv6() == ipv6);
  }

  /** keepalived's firewall: the nf_tables tables of {@code nftables} (default {@code ip}/{@code ip6 keepalived}). */
  static AcceptModeFirewall nftables(io.vertalived.core.config.model.GlobalDefs.Nftables cfg) {
    Rules rules = new Rules() {
      private NfTablesFirewall nft;
      private NfTablesFirewall6 nft6;

      @Override
      public void setUp(boolean ipv6) throws IOException {
        // a failed set-up closes its socket: a reload tries again with a new one
        if (ipv6) {
          NfTablesFirewall6 f = new NfTablesFirewall6(cfg.table());
          try {
            f.setUp(cfg.priority(), cfg.counters());
          } catch (IOException e) {
            f.close();
            throw e;
          }
          nft6 = f;
        } else {
          NfTablesFirewall f = new NfTablesFirewall(cfg.table());
          try {
            f.setUp(cfg.priority(), cfg.counters());
          } catch (IOException e) {
            f.close();
            throw e;
          }
          nft = f;
        }
      }

      @Override
      public void update(boolean ipv6, boolean drop, List<Firewalled> addresses) throws IOException {
        if (ipv6) {
          nft6.update(drop, addresses.stream()
              .map(f -> new NfTablesFirewall6.Address((Inet6Address) f.address(), f.ifindex())).toList());
        } else {
          nft.update(drop, addresses.stream().map(f -> (Inet4Address) f.address()).toList());
        }
      }

      @Override
      public void tearDown() throws IOException {
        try {
          if (nft != null) {
            nft.deleteTable();
          }
        } finally {
          try {
            if (nft6 != null) {
              nft6.deleteTable();
            }
          } finally {
            if (nft != null) {
              nft.close();
            }
            if (nft6 != null) {
              nft6.close();
            }
          }
        }
      }
    };
    return new AcceptModeFirewall(rules, cfg.table());
  }

  /**
   * Creates the tables of the families asked for that are not there yet (chains, sets, rules),
   * removing what a predecessor left; a reload may ask for the other family later.
   */
  void setUp(boolean ipv4, boolean ipv6) {
    for (boolean v6 : new boolean[] {false, true}) {
      int f = v6 ? 1 : 0;
      if ((v6 ? ipv6 : ipv4) && !working[f]) {
        String where = "nftables table " + (v6 ? "ip6 " : "ip ") + table;
        try {
          rules.setUp(v6);
          working[f] = true;
          LOG.info("no_accept: VIPs of MASTER instances are dropped by " + where);
          // a table made at a reload after a failed start: the MASTERs' VIPs counted meanwhile go in now
          List<Firewalled> held = dropping.keySet().stream().filter(a -> a.ipv6() == v6).toList();
          if (!held.isEmpty()) {
            rules.update(v6, true, held);
          }
        } catch (IOException e) {
          LOG.severe("no_accept: cannot set up " + where + " (" + e.getMessage()
              + "); the IPv" + (v6 ? 6 : 4) + " VIPs of no_accept instances will accept traffic");
        }
      }
    }
  }

  /** {@code instance} became MASTER: its addresses go into the drop set. */
  void drop(String instance, List<Firewalled> addresses) {
    List<Firewalled> added = new ArrayList<>();
    for (Firewalled a : addresses) {
      if (dropping.merge(a, 1, Integer::sum) == 1) {
        added.add(a);
      }
    }
    apply(instance, true, added);
  }

  /** {@code instance} left MASTER: its addresses leave the drop set (unless another still holds one). */
  void accept(String instance, List<Firewalled> addresses) {
    List<Firewalled> removed = new ArrayList<>();
    for (Firewalled a : addresses) {
      Integer n = dropping.get(a);
      if (n == null) {
        continue;
      }
      if (n == 1) {
        dropping.remove(a);
        removed.add(a);
      } else {
        dropping.put(a, n - 1);
      }
    }
    apply(instance, false, removed);
  }

  private void apply(String instance, boolean drop, List<Firewalled> changed) {
    for (boolean v6 : new boolean[] {false, true}) {
      List<Firewalled> mine = changed.stream().filter(a -> a.ipv6() == v6).toList();
      if (!working[v6 ? 1 : 0] || mine.isEmpty()) {
        continue;
      }
      try {
        rules.update(v6, drop, mine);
      } catch (IOException e) {
        LOG.severe("(" + instance + ") cannot " + (drop ? "add the firewall drop rule" : "remove the firewall drop rule")
            + ": " + e.getMessage());
      }
    }
  }

  /** Service stop: the tables go. */
  void tearDown() {
    if (!working[0] && !working[1]) {
      return;
    }
    working[0] = false;
    working[1] = false;
    dropping.clear();
    try {
      rules.tearDown();
    } catch (IOException e) {
      LOG.severe("no_accept: cannot delete nftables table " + table + ": " + e.getMessage());
    }
  }
}
