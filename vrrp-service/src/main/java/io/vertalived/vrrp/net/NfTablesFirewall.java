package io.vertalived.vrrp.net;

import io.vertalived.core.net.nftables.NfTablesBatch;
import io.vertalived.core.net.NativeIoException;

import java.io.IOException;
import java.net.Inet4Address;
import java.util.List;

/**
 * keepalived's no-accept firewall in nf_tables, built the way keepalived 2.2.7 builds it (so
 * {@code nft list ruleset} reads the same on both):
 * <pre>
 * table ip keepalived {
 *   set vips { type ipv4_addr }
 *   chain out { type filter hook output priority filter - 1; policy accept; ip saddr @vips drop }
 *   chain in  { type filter hook input  priority filter - 1; policy accept; ip daddr @vips drop }
 * }
 * </pre>
 * The set holds the VIPs of no-accept instances while they are MASTER. Blocking netlink calls:
 * use from the netlink thread only.
 */
public final class NfTablesFirewall implements AutoCloseable {
  private static final String SET = "vips";
  private final NfTablesSession session;
  private final String table;

  public NfTablesFirewall(String table) throws NativeIoException {
    this.table = table;
    this.session = new NfTablesSession();
  }

  /**
   * Removes a table of this name a predecessor left, then creates the table, its two chains at
   * {@code priority}, the empty set and the two drop rules (with counters if asked).
   */
  public void setUp(int priority, boolean counters) throws IOException {
    deleteTable();
    NfTablesBatch b = batch()
        .newTable(table)
        .newBaseChain(table, "out", NfTablesBatch.NF_INET_LOCAL_OUT, priority)
        .newBaseChain(table, "in", NfTablesBatch.NF_INET_LOCAL_IN, priority)
        .newAddressSet(table, SET, 1)
        .newDropRule(table, "in", false, SET, counters)
        .newDropRule(table, "out", true, SET, counters);
    send(b, "create table ip " + table);
  }

  /** Adds ({@code drop} true) or removes addresses of the drop set. */
  public void update(boolean drop, List<Inet4Address> addresses) throws IOException {
    if (addresses.isEmpty()) {
      return;
    }
    List<byte[]> keys = addresses.stream().map(Inet4Address::getAddress).toList();
    NfTablesBatch b = batch().setElements(drop ? NfTablesBatch.NFT_MSG_NEWSETELEM : NfTablesBatch.NFT_MSG_DELSETELEM,
        table, SET, keys);
    send(b, (drop ? "add" : "delete") + " element ip " + table + " " + SET);
  }

  /** Deletes the table (nothing if there is none). */
  public void deleteTable() throws IOException {
    session.deleteTable(NfTablesBatch.NFPROTO_IPV4, table);
  }

  private NfTablesBatch batch() {
    return session.batch();
  }

  private void send(NfTablesBatch b, String what) throws IOException {
    session.send(b, what);
  }

  @Override
  public void close() {
    session.close();
  }
}
