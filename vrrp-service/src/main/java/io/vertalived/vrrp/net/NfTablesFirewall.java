package io.vertalived.vrrp.net;

import io.vertalived.core.net.netlink.Netlink;
import io.vertalived.core.net.netlink.NetlinkSocket;
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
  private static final int ENOENT = 2;
  private static final String SET = "vips";
  private final NetlinkSocket socket;
  private final String table;
  private int seq = 1;

  public NfTablesFirewall(String table) throws NativeIoException {
    this.table = table;
    this.socket = new NetlinkSocket(Netlink.NETLINK_NETFILTER);
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
    int errno = exchange(batch().deleteTable(table));
    if (errno != 0 && errno != ENOENT) {
      throw new NativeIoException("nf_tables: delete table ip " + table, errno);
    }
  }

  private NfTablesBatch batch() {
    return new NfTablesBatch(seq);
  }

  /** Sends the batch; answers the first errno of its requests, or 0. */
  private int exchange(NfTablesBatch b) throws NativeIoException {
    byte[] bytes = b.finish();
    seq = b.lastRequestSequence() + 2; // after the END message
    return socket.requestBatch(bytes, b.firstSequence(), b.lastRequestSequence());
  }

  private void send(NfTablesBatch b, String what) throws IOException {
    int errno = exchange(b);
    if (errno != 0) {
      throw new NativeIoException("nf_tables: " + what, errno);
    }
  }

  @Override
  public void close() {
    socket.close();
  }
}
