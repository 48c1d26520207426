package io.vertalived.vrrp.service;

import io.vertalived.vrrp.net.NfTablesFirewall;
import java.io.IOException;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Accept_Mode False (RFC 5798 6.1 and 6.4.3: a master that is not the address owner does not
 * accept packets addressed to the VIPs) as keepalived enforces it: while a no-accept instance is
 * MASTER its VIPs are in a firewall drop set, so the VIP answers ARP but nothing else; out of
 * MASTER they leave it. One per node, shared by its instances (an address two instances hold
 * leaves the set with the last); used from the netlink thread only.
 *
 * <p>The firewall is set up when the service starts (not at the first takeover, as keepalived
 * does, so no takeover waits for it) and deleted when it stops. If it cannot be set up (no
 * nf_tables in the kernel, no CAP_NET_ADMIN) that is said once and the VIPs accept traffic.
 */
final class AcceptModeFirewall {
  private static final Logger LOG = Logger.getLogger("io.vertalived.vrrp");

  /** The rules in the kernel: {@link io.vertalived.vrrp.net.NfTablesFirewall} in production. */
  interface Rules {
    void setUp() throws IOException;

    void update(boolean drop, List<Inet4Address> addresses) throws IOException;

    void tearDown() throws IOException;
  }

  private final Rules rules;
  private final String where;
  private final Map<Inet4Address, Integer> dropping = new HashMap<>();
  private boolean working;

  AcceptModeFirewall(Rules rules, String where) {
    this.rules = rules;
    this.where = where;
  }

  /** Whether {@code vi} needs the firewall: {@code no_accept} (strict mode's default) and not the address owner. */
  static boolean needs(io.vertalived.core.config.model.VrrpInstance vi) {
    return !vi.accept() && vi.priority() != 255;
  }

  /** keepalived's firewall: the nf_tables table of {@code nftables} (default {@code ip keepalived}). */
  static AcceptModeFirewall nftables(io.vertalived.core.config.model.GlobalDefs.Nftables cfg) {
    Rules rules = new Rules() {
      private NfTablesFirewall nft;

      @Override
      public void setUp() throws IOException {
        nft = new NfTablesFirewall(cfg.table());
        nft.setUp(cfg.priority(), cfg.counters());
      }

      @Override
      public void update(boolean drop, List<Inet4Address> addresses) throws IOException {
        nft.update(drop, addresses);
      }

      @Override
      public void tearDown() throws IOException {
        try {
          nft.deleteTable();
        } finally {
          nft.close();
        }
      }
    };
    return new AcceptModeFirewall(rules, "nftables table ip " + cfg.table());
  }

  /** Creates the table, chains, set and rules, removing what a predecessor left. */
  void setUp() {
    try {
      rules.setUp();
      working = true;
      LOG.info("no_accept: VIPs of MASTER instances are dropped by " + where);
    } catch (IOException e) {
      LOG.severe("no_accept: cannot set up " + where + " (" + e.getMessage()
          + "); the VIPs of no_accept instances will accept traffic");
    }
  }

  /** {@code instance} became MASTER: its addresses go into the drop set. */
  void drop(String instance, List<Inet4Address> addresses) {
    List<Inet4Address> added = new ArrayList<>();
    for (Inet4Address a : addresses) {
      if (dropping.merge(a, 1, Integer::sum) == 1) {
        added.add(a);
      }
    }
    apply(instance, true, added);
  }

  /** {@code instance} left MASTER: its addresses leave the drop set (unless another still holds one). */
  void accept(String instance, List<Inet4Address> addresses) {
    List<Inet4Address> removed = new ArrayList<>();
    for (Inet4Address a : addresses) {
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

  private void apply(String instance, boolean drop, List<Inet4Address> changed) {
    if (!working || changed.isEmpty()) {
      return;
    }
    try {
      rules.update(drop, changed);
    } catch (IOException e) {
      LOG.severe("(" + instance + ") cannot " + (drop ? "add the firewall drop rule" : "remove the firewall drop rule")
          + ": " + e.getMessage());
    }
  }

  /** Service stop: the table goes. */
  void tearDown() {
    if (!working) {
      return;
    }
    working = false;
    dropping.clear();
    try {
      rules.tearDown();
    } catch (IOException e) {
      LOG.severe("no_accept: cannot delete " + where + ": " + e.getMessage());
    }
  }
}
