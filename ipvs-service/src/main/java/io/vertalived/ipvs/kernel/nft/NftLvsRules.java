package io.vertalived.ipvs.kernel.nft;

import io.vertalived.core.net.nftables.NfTablesBatch;
import io.vertalived.ipvs.table.LvsDestination;
import io.vertalived.ipvs.table.LvsVirtualService;
import io.vertalived.ipvs.table.ServiceKey;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The nf_tables objects of the nftables backend, written into a transaction (pure; include/uapi/linux/netfilter/
 * nf_tables.h). One table of ours, {@code ip vertalived_lvs}:
 * <pre>
 * chain prerouting { type nat hook prerouting priority dstnat; meta l4proto . ip daddr . th dport vmap @services;
 *                    meta mark vmap @marks }
 * chain output     { type nat hook output priority dstnat; (the same two rules, for clients on this host) }
 * map services { type inet_proto . ipv4_addr . inet_service : verdict }   element: tcp . VIP . 80 : jump vs-tcp-VIP-80
 * map marks    { type mark : verdict }                                    element: 7 : jump vs-fwm-7
 * map vs-tcp-VIP-80   { type integer : ipv4_addr . inet_service }                     elements: 0 : RIP . RPORT, ...
 * chain vs-tcp-VIP-80 { dnat to numgen inc mod N map @vs-tcp-VIP-80 }                    (rr, wrr)
 *                     { dnat to jhash ip saddr and MASK mod N map @vs-tcp-VIP-80 }       (sh, mh, persistent)
 * </pre>
 * A change of real servers rewrites the service's map, and its rule only when the count of slots changes.
 * A service without live destinations has an empty chain: its connections reach this host, as with IPVS.
 */
public final class NftLvsRules {
  public static final String TABLE = "vertalived_lvs";
  static final int NFPROTO_IPV4 = 2;
  static final int NFT_MSG_NEWTABLE = 0;
  static final int NFT_MSG_DELTABLE = 2;
  static final int NFT_MSG_NEWCHAIN = 3;
  static final int NFT_MSG_DELCHAIN = 5;
  static final int NFT_MSG_NEWRULE = 6;
  static final int NFT_MSG_DELRULE = 8;
  static final int NFT_MSG_NEWSET = 9;
  static final int NFT_MSG_DELSET = 11;
  static final int NFT_MSG_NEWSETELEM = 12;
  static final int NFT_MSG_DELSETELEM = 14;
  private static final int NLM_F_CREATE = 0x400;
  private static final int NLM_F_APPEND = 0x800;
  private static final int NLM_F_REPLACE = 0x100;
  private static final int NLM_F_ECHO = 0x8;
  private static final int NF_INET_PRE_ROUTING = 0;
  private static final int NF_INET_LOCAL_OUT = 3;
  private static final int NF_IP_PRI_NAT_DST = -100;
  private static final int NF_ACCEPT = 1;
  private static final int NFT_JUMP = -3;
  private static final int NFT_DATA_VERDICT = 0xffffff00;
  private static final int SET_MAP = 0x8;
  /** nftables' datatypes (include/datatype.h), for {@code nft list} to show the maps as written. */
  private static final int TYPE_INTEGER = 4;
  private static final int TYPE_IPADDR = 7;
  private static final int TYPE_INET_PROTOCOL = 12;
  private static final int TYPE_INET_SERVICE = 13;
  private static final int TYPE_MARK = 19;
  private static final int TYPE_BITS = 6;
  private static final int REG_VERDICT = 0;
  private static final int REG32_00 = 8;
  private static final int META_MARK = 3;
  private static final int META_L4PROTO = 16;
  private static final int BASE_NETWORK = 1;
  private static final int BASE_TRANSPORT = 2;
  private static final int NG_INCREMENTAL = 0;
  private static final int NAT_DNAT = 1;

  /**
   * The set's user data as nft writes it (libnftnl's NFTNL_UDATA_SET_KEYBYTEORDER = host): the keys are host-order
   * numbers (numgen, jhash, meta mark), so {@code nft list} shows 0, 1, 2 rather than their bytes read big-endian.
   */
  private static final byte[] HOST_KEYS = ByteBuffer.allocate(6).order(ByteOrder.nativeOrder()).put((byte) 0)
      .put((byte) 4).putInt(1).array();

  private final NfTablesBatch b;
  private int setId = 1;

  public NftLvsRules(NfTablesBatch batch) {
    this.b = batch;
  }

  /** The chain of a service: {@code vs-tcp-198.18.2.100-80}, {@code vs-fwm-7}. */
  public static String chain(ServiceKey k) {
    if (k.isFwmark()) {
      return "vs-fwm-" + k.fwmark();
    }
    String p = switch (k.protocol()) {
      case ServiceKey.TCP -> "tcp";
      case ServiceKey.UDP -> "udp";
      default -> "sctp";
    };
    return "vs-" + p + "-" + k.address() + "-" + k.port();
  }

  /** Our table from nothing: (re)created empty with its base chains, maps and dispatch rules. */
  public NftLvsRules freshTable() {
    b.begin(NFT_MSG_NEWTABLE, NLM_F_CREATE, NFPROTO_IPV4).string(1, TABLE).done();
    b.begin(NFT_MSG_DELTABLE, 0, NFPROTO_IPV4).string(1, TABLE).done();
    b.begin(NFT_MSG_NEWTABLE, NLM_F_CREATE, NFPROTO_IPV4).string(1, TABLE).done();
    verdictMap("services", concatType(TYPE_INET_PROTOCOL, TYPE_IPADDR, TYPE_INET_SERVICE), 12);
    verdictMap("marks", TYPE_MARK, 4);
    for (String[] c : new String[][] {{"prerouting", "0"}, {"output", "3"}}) {
      baseChain(c[0], Integer.parseInt(c[1]));
      dispatchRule(c[0]);
    }
    return this;
  }

  /** Deletes our table (and everything in it). */
  public NftLvsRules deleteTable() {
    b.begin(NFT_MSG_NEWTABLE, NLM_F_CREATE, NFPROTO_IPV4).string(1, TABLE).done();
    b.begin(NFT_MSG_DELTABLE, 0, NFPROTO_IPV4).string(1, TABLE).done();
    return this;
  }

  /** A new service: its slot map, its chain and rule, and its entry in the dispatch map; slots from {@code offset}. */
  public NftLvsRules addService(LvsVirtualService vs, NftSchedule schedule, int offset) {
    ServiceKey k = vs.service().key();
    b.begin(NFT_MSG_NEWSET, NLM_F_CREATE, NFPROTO_IPV4).string(1, TABLE).string(2, chain(k)).u32(3, SET_MAP)
        .u32(4, TYPE_INTEGER).u32(5, 4)
        .u32(6, withPort(k) ? concatType(TYPE_IPADDR, TYPE_INET_SERVICE) : TYPE_IPADDR).u32(7, withPort(k) ? 8 : 4)
        .u32(10, setId++).bytes(13, HOST_KEYS);
    // its size, so that the kernel keeps it in a fixed hash table (no resizing behind the transactions' back)
    int desc = b.open(9);
    b.u32(1, 2 * NftSchedule.MAX_SLOTS).close(desc).done();
    slots(NFT_MSG_NEWSETELEM, k, schedule.slots(), offset);
    b.begin(NFT_MSG_NEWCHAIN, NLM_F_CREATE, NFPROTO_IPV4).string(1, TABLE).string(3, chain(k)).done();
    if (!schedule.slots().isEmpty()) {
      forwardRule(k, schedule, offset, null);
    }
    dispatchElement(NFT_MSG_NEWSETELEM, k);
    return this;
  }

  /**
   * A changed service, in the same transaction: the new slots written at {@code offset} (a range of keys the old
   * ones do not use: the kernel may still hold a key deleted in the same transaction), the rule ({@code handle},
   * null when the chain has none) replaced to choose among them, or deleted when no destination is live; then the
   * old slots (at {@code wasOffset}) deleted.
   */
  public NftLvsRules replaceService(ServiceKey k, NftSchedule was, int wasOffset, NftSchedule now, int offset,
                                    Long handle) {
    slots(NFT_MSG_NEWSETELEM, k, now.slots(), offset);
    if (now.slots().isEmpty()) {
      if (handle != null) {
        deleteRule(k, handle);
      }
    } else {
      forwardRule(k, now, offset, handle);
    }
    slots(NFT_MSG_DELSETELEM, k, was.slots(), wasOffset);
    return this;
  }

  /** A service gone: out of the dispatch map, its rule (by {@code handle}, if it has one), its chain, its map. */
  public NftLvsRules deleteService(ServiceKey k, Long handle) {
    dispatchElement(NFT_MSG_DELSETELEM, k);
    if (handle != null) {
      deleteRule(k, handle);
    }
    b.begin(NFT_MSG_DELCHAIN, 0, NFPROTO_IPV4).string(1, TABLE).string(3, chain(k)).done();
    b.begin(NFT_MSG_DELSET, 0, NFPROTO_IPV4).string(1, TABLE).string(2, chain(k)).done();
    return this;
  }

  private void deleteRule(ServiceKey k, long handle) {
    b.begin(NFT_MSG_DELRULE, 0, NFPROTO_IPV4).string(1, TABLE).string(2, chain(k)).u64(3, handle).done();
  }

  private static boolean withPort(ServiceKey k) {
    return !k.isFwmark();
  }

  /** Adds (NEWSETELEM) or removes (DELSETELEM) the slots of a service's map, keyed from {@code offset}, 512 a message. */
  private void slots(int command, ServiceKey k, List<LvsDestination> slots, int offset) {
    for (int from = 0; from < slots.size(); from += 512) {
      b.begin(command, command == NFT_MSG_NEWSETELEM ? NLM_F_CREATE : 0, NFPROTO_IPV4).string(1, TABLE)
          .string(2, chain(k));
      int list = b.open(3);
      for (int i = from; i < Math.min(slots.size(), from + 512); i++) {
        int elem = b.open(1);
        int key = b.open(1);
        b.bytes(1, hostU32(offset + i)).close(key);
        if (command == NFT_MSG_NEWSETELEM) {
          int data = b.open(2);
          b.bytes(1, destination(slots.get(i), withPort(k))).close(data);
        }
        b.close(elem);
      }
      b.close(list).done();
    }
  }

  private void verdictMap(String name, int keyType, int keyLen) {
    b.begin(NFT_MSG_NEWSET, NLM_F_CREATE, NFPROTO_IPV4).string(1, TABLE).string(2, name).u32(3, SET_MAP)
        .u32(4, keyType).u32(5, keyLen).u32(6, NFT_DATA_VERDICT).u32(7, 0).u32(10, setId++);
    if (keyType == TYPE_MARK) {
      b.bytes(13, HOST_KEYS);
    }
    b.done();
  }

  private void baseChain(String name, int hook) {
    b.begin(NFT_MSG_NEWCHAIN, NLM_F_CREATE, NFPROTO_IPV4).string(1, TABLE).string(3, name);
    int h = b.open(4);
    b.u32(1, hook).u32(2, NF_IP_PRI_NAT_DST).close(h);
    b.u32(5, NF_ACCEPT).string(7, "nat").done();
  }

  /** {@code meta l4proto . ip daddr . th dport vmap @services} and {@code meta mark vmap @marks}. */
  private void dispatchRule(String chain) {
    b.begin(NFT_MSG_NEWRULE, NLM_F_CREATE | NLM_F_APPEND, NFPROTO_IPV4).string(1, TABLE).string(2, chain);
    int exprs = b.open(4);
    meta(META_L4PROTO, REG32_00);
    payload(BASE_NETWORK, 16, 4, REG32_00 + 1);
    payload(BASE_TRANSPORT, 2, 2, REG32_00 + 2);
    lookup("services", REG32_00, REG_VERDICT);
    b.close(exprs).done();
    b.begin(NFT_MSG_NEWRULE, NLM_F_CREATE | NLM_F_APPEND, NFPROTO_IPV4).string(1, TABLE).string(2, chain);
    exprs = b.open(4);
    meta(META_MARK, REG32_00);
    lookup("marks", REG32_00, REG_VERDICT);
    b.close(exprs).done();
  }

  private void dispatchElement(int command, ServiceKey k) {
    b.begin(command, command == NFT_MSG_NEWSETELEM ? NLM_F_CREATE : 0, NFPROTO_IPV4).string(1, TABLE)
        .string(2, k.isFwmark() ? "marks" : "services");
    int list = b.open(3);
    int elem = b.open(1);
    int key = b.open(1);
    b.bytes(1, k.isFwmark() ? hostU32(k.fwmark()) : serviceKey(k)).close(key);
    if (command == NFT_MSG_NEWSETELEM) {
      int data = b.open(2);
      int verdict = b.open(2);
      b.u32(1, NFT_JUMP).string(2, chain(k)).close(verdict).close(data);
    }
    b.close(elem).close(list).done();
  }

  /**
   * The chain's one rule: choose a slot (from {@code offset}), look its destination up in the service's map, DNAT. It replaces the
   * rule of {@code handle} when given; the kernel echoes it back with its handle (NLM_F_ECHO).
   */
  private void forwardRule(ServiceKey k, NftSchedule schedule, int offset, Long handle) {
    int n = schedule.slots().size();
    b.begin(NFT_MSG_NEWRULE, (handle != null ? NLM_F_REPLACE : NLM_F_CREATE | NLM_F_APPEND) | NLM_F_ECHO,
        NFPROTO_IPV4).string(1, TABLE).string(2, chain(k));
    if (handle != null) {
      b.u64(3, handle);
    }
    int exprs = b.open(4);
    switch (schedule.selector()) {
      case COUNTER -> {
        int e = b.expression("numgen");
        b.u32(1, REG32_00).u32(2, n).u32(3, NG_INCREMENTAL).u32(4, offset).closeExpression(e);
      }
      case SOURCE_HASH, SOURCE_PORT_HASH -> {
        payload(BASE_NETWORK, 12, 4, REG32_00);
        if (schedule.sourceMask() != -1) {
          int e = b.expression("bitwise");
          b.u32(1, REG32_00).u32(2, REG32_00).u32(3, 4);
          int mask = b.open(4);
          b.bytes(1, ByteBuffer.allocate(4).putInt(schedule.sourceMask()).array()).close(mask);
          int xor = b.open(5);
          b.bytes(1, new byte[4]).close(xor);
          b.closeExpression(e);
        }
        int len = 4;
        if (schedule.selector() == NftSchedule.Selector.SOURCE_PORT_HASH) {
          payload(BASE_TRANSPORT, 0, 2, REG32_00 + 1);
          len = 8;
        }
        int e = b.expression("hash");
        b.u32(1, REG32_00).u32(2, REG32_00).u32(3, len).u32(4, n).u32(5, 0).u32(6, offset).u32(7, 0)
            .closeExpression(e);
      }
      default -> throw new IllegalStateException();
    }
    lookup(chain(k), REG32_00, REG32_00);
    int nat = b.expression("nat");
    b.u32(1, NAT_DNAT).u32(2, NFPROTO_IPV4).u32(3, REG32_00);
    if (withPort(k)) {
      b.u32(5, REG32_00 + 1);
    }
    b.closeExpression(nat);
    b.close(exprs).done();
  }

  private void meta(int key, int dreg) {
    int e = b.expression("meta");
    b.u32(1, dreg).u32(2, key).closeExpression(e);
  }

  private void payload(int base, int offset, int len, int dreg) {
    int e = b.expression("payload");
    b.u32(1, dreg).u32(2, base).u32(3, offset).u32(4, len).closeExpression(e);
  }

  private void lookup(String set, int sreg, int dreg) {
    int e = b.expression("lookup");
    b.string(1, set).u32(2, sreg).u32(3, dreg).closeExpression(e);
  }

  /** {@code inet_proto . ipv4_addr . inet_service} as the dispatch map keys it: each part in a 4-byte register. */
  static byte[] serviceKey(ServiceKey k) {
    return ByteBuffer.allocate(12).put((byte) k.protocol()).put(new byte[3]).put(k.address().address().getAddress())
        .putShort((short) k.port()).put(new byte[2]).array();
  }

  /** {@code ipv4_addr . inet_service} (network order, the port padded to a register), or the address alone. */
  static byte[] destination(LvsDestination d, boolean withPort) {
    ByteBuffer x = ByteBuffer.allocate(withPort ? 8 : 4).put(d.address().address().getAddress());
    if (withPort) {
      x.putShort((short) d.port()).put(new byte[2]);
    }
    return x.array();
  }

  /** A value the kernel holds in host order in a register (numgen, jhash, meta mark). */
  static byte[] hostU32(int v) {
    return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array();
  }

  private static int concatType(int... types) {
    int t = 0;
    for (int x : types) {
      t = (t << TYPE_BITS) | x;
    }
    return t;
  }
}
