package io.vertalived.vrrp.net;

import io.vertalived.core.net.NativeIoException;
import io.vertalived.core.net.nftables.NfTablesBatch;
import java.io.IOException;
import java.net.Inet6Address;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The no-accept firewall for IPv6 VIPs (RFC 5798 6.4.3, keepalived.conf(5) {@code no_accept}), as
 * keepalived builds it: table {@code ip6 TABLE}, chains {@code in} and {@code out} at the given
 * priority; neighbour solicitations and advertisements pass (without them the VIP could not be
 * found), every other packet to or from a VIP is dropped. Global VIPs are in set {@code vips}
 * ({@code ipv6_addr}); a link-local VIP is that address on its link only, in set
 * {@code vips_link_local} ({@code ipv6_addr . iface_index}). Blocking: the netlink thread.
 */
public final class NfTablesFirewall6 implements AutoCloseable {
  /** A VIP; {@code ifindex} is its interface's, used for a link-local one. */
  public record Address(Inet6Address address, int ifindex) {
    boolean linkLocal() {
      return address.isLinkLocalAddress();
    }

    /** Its key in its set: the address, and for a link-local one its interface's index (host order). */
    byte[] key() {
      if (!linkLocal()) {
        return address.getAddress();
      }
      return ByteBuffer.allocate(20).put(address.getAddress()).put(NfTablesBatch.hostU32(ifindex)).array();
    }
  }

  public static final int NFPROTO_IPV6 = 10;
  private static final int NFT_MSG_NEWSET = 9;
  private static final int NFT_MSG_NEWRULE = 6;
  private static final int NFT_REG_1 = 1;
  private static final int NFT_REG32_00 = 8;
  private static final int NFT_REG32_04 = 12;
  private static final int NFT_META_IIF = 4;
  private static final int NFT_META_OIF = 5;
  private static final int NETWORK = 1;
  private static final int TRANSPORT = 2;
  private static final int IPPROTO_ICMPV6 = 58;
  private static final int ND_NEIGHBOR_SOLICIT = 135;
  private static final int ND_NEIGHBOR_ADVERT = 136;
  /** nftables' datatypes (include/datatype.h): ipv6_addr, iface_index; a concatenation's are 6 bits each. */
  private static final int TYPE_IP6ADDR = 8;
  private static final int TYPE_IFINDEX = 20;
  static final String GLOBAL = "vips";
  static final String LINK_LOCAL = "vips_link_local";

  private final NfTablesSession session;
  private final String table;

  public NfTablesFirewall6(String table) throws NativeIoException {
    this.table = table;
    this.session = new NfTablesSession();
  }

  /** Removes a table of this name a predecessor left, then creates the table, chains, sets and rules. */
  public void setUp(int priority, boolean counters) throws IOException {
    deleteTable();
    session.send(encodeSetUp(session.batch(), table, priority, counters), "create table ip6 " + table);
  }

  /** The whole table in one batch. */
  static NfTablesBatch encodeSetUp(NfTablesBatch b, String table, int priority, boolean counters) {
    b.begin(NfTablesBatch.NFT_MSG_NEWTABLE, 0x400, NFPROTO_IPV6).string(1, table).done();
    for (String chain : List.of("out", "in")) {
      b.begin(NfTablesBatch.NFT_MSG_NEWCHAIN, 0x400, NFPROTO_IPV6).string(1, table).string(3, chain);
      int hook = b.open(4); // NFTA_CHAIN_HOOK
      b.u32(1, chain.equals("in") ? NfTablesBatch.NF_INET_LOCAL_IN : NfTablesBatch.NF_INET_LOCAL_OUT).u32(2, priority)
          .close(hook);
      b.u32(5, NfTablesBatch.NF_ACCEPT).string(7, "filter").done();
    }
    set(b, table, GLOBAL, 1, TYPE_IP6ADDR, 16);
    set(b, table, LINK_LOCAL, 2, (TYPE_IP6ADDR << 6) | TYPE_IFINDEX, 20);
    for (boolean in : new boolean[] {true, false}) {
      String chain = in ? "in" : "out";
      int offset = in ? 24 : 8; // ip6 daddr / saddr
      for (int type : new int[] {ND_NEIGHBOR_SOLICIT, ND_NEIGHBOR_ADVERT}) {
        int exprs = rule(b, table, chain);
        b.payload(NETWORK, 6, 1, NFT_REG_1).cmpEq(NFT_REG_1, new byte[] {IPPROTO_ICMPV6}); // ip6 nexthdr
        b.payload(TRANSPORT, 0, 1, NFT_REG_1).cmpEq(NFT_REG_1, new byte[] {(byte) type}); // icmpv6 type
        end(b, exprs, counters, NfTablesBatch.NF_ACCEPT);
      }
      int exprs = rule(b, table, chain);
      b.payload(NETWORK, offset, 16, NFT_REG_1).lookup(GLOBAL, NFT_REG_1);
      end(b, exprs, counters, NfTablesBatch.NF_DROP);
      // the address and the interface it came in by / goes out of, one key across two registers
      exprs = rule(b, table, chain);
      b.payload(NETWORK, offset, 16, NFT_REG32_00).meta(in ? NFT_META_IIF : NFT_META_OIF, NFT_REG32_04)
          .lookup(LINK_LOCAL, NFT_REG32_00);
      end(b, exprs, counters, NfTablesBatch.NF_DROP);
    }
    return b;
  }

  private static void set(NfTablesBatch b, String table, String name, int id, int keyType, int keyLength) {
    b.begin(NFT_MSG_NEWSET, 0x400, NFPROTO_IPV6).string(1, table).string(2, name) // NFTA_SET_TABLE, _NAME
        .u32(4, keyType).u32(5, keyLength).u32(10, id).done(); // NFTA_SET_KEY_TYPE, _KEY_LEN, _ID
  }

  private static int rule(NfTablesBatch b, String table, String chain) {
    b.begin(NFT_MSG_NEWRULE, 0x400 | 0x800, NFPROTO_IPV6).string(1, table).string(2, chain);
    return b.open(4); // NFTA_RULE_EXPRESSIONS
  }

  private static void end(NfTablesBatch b, int exprs, boolean counters, int verdict) {
    if (counters) {
      b.counter();
    }
    b.verdict(verdict).close(exprs).done();
  }

  /** Adds ({@code drop} true) or removes VIPs of the drop sets. */
  public void update(boolean drop, List<Address> addresses) throws IOException {
    if (addresses.isEmpty()) {
      return;
    }
    session.send(encodeUpdate(session.batch(), table, drop, addresses), (drop ? "add" : "delete") + " element ip6 " + table);
  }

  static NfTablesBatch encodeUpdate(NfTablesBatch b, String table, boolean drop, List<Address> addresses) {
    for (boolean linkLocal : new boolean[] {false, true}) {
      List<byte[]> keys = new ArrayList<>();
      addresses.stream().filter(a -> a.linkLocal() == linkLocal).forEach(a -> keys.add(a.key()));
      if (keys.isEmpty()) {
        continue;
      }
      int command = drop ? NfTablesBatch.NFT_MSG_NEWSETELEM : NfTablesBatch.NFT_MSG_DELSETELEM;
      b.begin(command, drop ? 0x400 : 0, NFPROTO_IPV6).string(2, linkLocal ? LINK_LOCAL : GLOBAL).string(1, table);
      int elements = b.open(3); // NFTA_SET_ELEM_LIST_ELEMENTS
      for (byte[] key : keys) {
        int element = b.open(1); // NFTA_LIST_ELEM
        int k = b.open(1); // NFTA_SET_ELEM_KEY
        b.bytes(1, key).close(k).close(element); // NFTA_DATA_VALUE
      }
      b.close(elements).done();
    }
    return b;
  }

  /** Deletes the table (nothing if there is none). */
  public void deleteTable() throws IOException {
    session.deleteTable(NFPROTO_IPV6, table);
  }

  @Override
  public void close() {
    session.close();
  }
}
