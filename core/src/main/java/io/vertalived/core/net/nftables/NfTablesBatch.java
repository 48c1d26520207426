package io.vertalived.core.net.nftables;

import io.vertalived.core.net.netlink.Netlink;
import io.vertalived.core.net.netlink.NetlinkEncoding;
import io.vertalived.core.net.netlink.NetlinkSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * An nf_tables transaction as the kernel takes it over NETLINK_NETFILTER (pure: bytes only):
 * NFNL_MSG_BATCH_BEGIN, requests, NFNL_MSG_BATCH_END, all applied or none
 * (include/uapi/linux/netfilter/nf_tables.h, nfnetlink.h). Every request asks for an ACK, so
 * {@link NetlinkSocket#requestBatch} learns the outcome of each. Attributes are big-endian, as
 * nf_tables wants them; nested ones carry NLA_F_NESTED.
 */
public final class NfTablesBatch {
  public static final int NFPROTO_IPV4 = 2;
  public static final int NF_INET_LOCAL_IN = 1;
  public static final int NF_INET_LOCAL_OUT = 3;
  public static final int NF_DROP = 0;
  public static final int NF_ACCEPT = 1;
  /** nftables' datatype number of ipv4_addr (nftables include/datatype.h): {@code nft list} shows the set's type by it. */
  public static final int TYPE_IPADDR = 7;
  public static final int NFT_MSG_NEWTABLE = 0;
  public static final int NFT_MSG_DELTABLE = 2;
  public static final int NFT_MSG_NEWCHAIN = 3;
  public static final int NFT_MSG_NEWRULE = 6;
  public static final int NFT_MSG_NEWSET = 9;
  public static final int NFT_MSG_NEWSETELEM = 12;
  public static final int NFT_MSG_DELSETELEM = 14;
  private static final int NFNL_MSG_BATCH_BEGIN = 16;
  private static final int NFNL_MSG_BATCH_END = 17;
  private static final int NFNL_SUBSYS_NFTABLES = 10;
  private static final short NLM_F_REQUEST = 0x1;
  private static final short NLM_F_ACK = 0x4;
  private static final short NLM_F_CREATE = 0x400;
  private static final short NLM_F_APPEND = 0x800;
  private static final int NFT_REG_VERDICT = 0;
  private static final int NFT_REG_1 = 1;
  private static final int NFT_PAYLOAD_NETWORK_HEADER = 1;

  private ByteBuffer b = ByteBuffer.allocate(8 * 1024).order(ByteOrder.nativeOrder());
  private final int firstSeq;
  private int seq;
  private int start;
  private int lastRequest;
  private final java.util.Map<Integer, Integer> commands = new java.util.HashMap<>();

  public NfTablesBatch(int firstSeq) {
    this.firstSeq = firstSeq;
    this.seq = firstSeq;
    header(NFNL_MSG_BATCH_BEGIN, (short) NLM_F_REQUEST, 0);
    b.order(ByteOrder.BIG_ENDIAN).putShort(b.position() - 2, (short) NFNL_SUBSYS_NFTABLES).order(ByteOrder.nativeOrder());
    end();
  }

  public int firstSequence() {
    return firstSeq;
  }

  /** The sequence number of the last request: its ACK is the batch's last answer. */
  public int lastRequestSequence() {
    return lastRequest;
  }

  /** {@code nft add table ip NAME}. */
  public NfTablesBatch newTable(String table) {
    request(NFT_MSG_NEWTABLE, NLM_F_CREATE);
    string(1, table); // NFTA_TABLE_NAME
    return end();
  }

  /** {@code nft delete table ip NAME} (ENOENT when there is none). */
  public NfTablesBatch deleteTable(String table) {
    request(NFT_MSG_DELTABLE, 0);
    string(1, table);
    return end();
  }

  /** {@code nft add chain ip TABLE NAME { type filter hook HOOK priority PRIO; policy accept; }}. */
  public NfTablesBatch newBaseChain(String table, String chain, int hook, int priority) {
    request(NFT_MSG_NEWCHAIN, NLM_F_CREATE);
    string(1, table); // NFTA_CHAIN_TABLE
    string(3, chain); // NFTA_CHAIN_NAME
    int hookAttr = nest(4); // NFTA_CHAIN_HOOK
    u32(1, hook); // NFTA_HOOK_HOOKNUM
    u32(2, priority); // NFTA_HOOK_PRIORITY
    close(hookAttr);
    u32(5, NF_ACCEPT); // NFTA_CHAIN_POLICY
    string(7, "filter"); // NFTA_CHAIN_TYPE
    return end();
  }

  /** {@code nft add set ip TABLE NAME { type ipv4_addr; }}. */
  public NfTablesBatch newAddressSet(String table, String set, int id) {
    request(NFT_MSG_NEWSET, NLM_F_CREATE);
    string(1, table); // NFTA_SET_TABLE
    string(2, set); // NFTA_SET_NAME
    u32(4, TYPE_IPADDR); // NFTA_SET_KEY_TYPE
    u32(5, 4); // NFTA_SET_KEY_LEN
    u32(10, id); // NFTA_SET_ID
    return end();
  }

  /**
   * {@code nft add rule ip TABLE CHAIN ip daddr @SET drop} ({@code saddr} false) or
   * {@code ip saddr @SET drop}; with {@code counter} a counter before the verdict.
   */
  public NfTablesBatch newDropRule(String table, String chain, boolean saddr, String set, boolean counter) {
    request(NFT_MSG_NEWRULE, (short) (NLM_F_CREATE | NLM_F_APPEND));
    string(1, table); // NFTA_RULE_TABLE
    string(2, chain); // NFTA_RULE_CHAIN
    int exprs = nest(4); // NFTA_RULE_EXPRESSIONS
    int payload = expression("payload");
    u32(1, NFT_REG_1); // NFTA_PAYLOAD_DREG
    u32(2, NFT_PAYLOAD_NETWORK_HEADER); // NFTA_PAYLOAD_BASE
    u32(3, saddr ? 12 : 16); // NFTA_PAYLOAD_OFFSET: iphdr saddr / daddr
    u32(4, 4); // NFTA_PAYLOAD_LEN
    closeExpression(payload);
    int lookup = expression("lookup");
    string(1, set); // NFTA_LOOKUP_SET
    u32(2, NFT_REG_1); // NFTA_LOOKUP_SREG
    closeExpression(lookup);
    if (counter) {
      closeExpression(expression("counter"));
    }
    int verdict = expression("immediate");
    u32(1, NFT_REG_VERDICT); // NFTA_IMMEDIATE_DREG
    int data = nest(2); // NFTA_IMMEDIATE_DATA
    int v = nest(2); // NFTA_DATA_VERDICT
    u32(1, NF_DROP); // NFTA_VERDICT_CODE
    close(v);
    close(data);
    closeExpression(verdict);
    close(exprs);
    return end();
  }

  /** {@code nft add element} ({@link #NFT_MSG_NEWSETELEM}) or {@code delete element} of IPv4 addresses. */
  public NfTablesBatch setElements(int command, String table, String set, List<byte[]> ipv4) {
    request(command, command == NFT_MSG_NEWSETELEM ? NLM_F_CREATE : 0);
    string(2, set); // NFTA_SET_ELEM_LIST_SET
    string(1, table); // NFTA_SET_ELEM_LIST_TABLE
    int elements = nest(3); // NFTA_SET_ELEM_LIST_ELEMENTS
    for (byte[] address : ipv4) {
      int element = nest(1); // NFTA_LIST_ELEM
      int key = nest(1); // NFTA_SET_ELEM_KEY
      attr(1, address); // NFTA_DATA_VALUE
      close(key);
      close(element);
    }
    close(elements);
    return end();
  }

  /**
   * Starts a request of any nf_tables command for {@code family} (NFPROTO_*), with NLM_F_ACK and {@code flags}
   * (NLM_F_CREATE, NLM_F_APPEND, ...): the building block of requests this class has no method for. Add its
   * attributes with {@link #string}, {@link #u32}, {@link #bytes}, {@link #open}/{@link #close} and
   * {@link #expression}/{@link #closeExpression}; end it with {@link #done}.
   */
  public NfTablesBatch begin(int command, int flags, int family) {
    lastRequest = seq;
    commands.put(seq, command);
    header((NFNL_SUBSYS_NFTABLES << 8) | command, (short) (NLM_F_REQUEST | NLM_F_ACK | flags), family);
    return this;
  }

  /** The nf_tables command (NFT_MSG_*) of the request numbered {@code sequence}, -1 if none. */
  public int command(int sequence) {
    return commands.getOrDefault(sequence, -1);
  }

  /** Ends the request started by {@link #begin}. */
  public NfTablesBatch done() {
    return end();
  }

  /** Opens a nested attribute; {@link #close} ends it. */
  public int open(int type) {
    return nest(type);
  }

  /** Ends a nested attribute opened by {@link #open}. */
  public NfTablesBatch close(int at) {
    NetlinkEncoding.endNest(b, at);
    return this;
  }

  /** A NUL-terminated string attribute. */
  public NfTablesBatch string(int type, String value) {
    return bytes(type, (value + "\0").getBytes(StandardCharsets.US_ASCII));
  }

  /** A big-endian 32-bit attribute. */
  public NfTablesBatch u32(int type, int value) {
    return bytes(type, ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN).putInt(value).array());
  }

  /** A big-endian 64-bit attribute. */
  public NfTablesBatch u64(int type, long value) {
    return bytes(type, ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putLong(value).array());
  }

  /** An attribute of raw bytes, padded to 4. */
  public NfTablesBatch bytes(int type, byte[] payload) {
    attr(type, payload);
    return this;
  }

  /** Starts an expression of a rule ({@code payload}, {@code cmp}, {@code nat}, ...) inside NFTA_RULE_EXPRESSIONS. */
  public int expression(String name) {
    int element = nest(1); // NFTA_LIST_ELEM
    string(1, name); // NFTA_EXPR_NAME
    nest(2); // NFTA_EXPR_DATA, closed by closeExpression
    return element;
  }

  /** Ends an expression started by {@link #expression}. */
  public NfTablesBatch closeExpression(int element) {
    int data = element + 4 + align(b.getShort(element + 4));
    close(data);
    close(element);
    return this;
  }

  /** {@code meta KEY} into register {@code dreg} (NFT_META_*: 4 iif, 5 oif, 16 l4proto). */
  public NfTablesBatch meta(int key, int dreg) {
    int e = expression("meta");
    u32(2, key).u32(1, dreg); // NFTA_META_KEY, NFTA_META_DREG
    return closeExpression(e);
  }

  /** {@code len} bytes at {@code offset} of header {@code base} (1 network, 2 transport) into {@code dreg}. */
  public NfTablesBatch payload(int base, int offset, int len, int dreg) {
    int e = expression("payload");
    u32(1, dreg).u32(2, base).u32(3, offset).u32(4, len);
    return closeExpression(e);
  }

  /** Register {@code sreg} equals {@code value}, or the rule ends (NFT_CMP_EQ). */
  public NfTablesBatch cmpEq(int sreg, byte[] value) {
    int e = expression("cmp");
    u32(1, sreg).u32(2, 0); // NFTA_CMP_SREG, NFTA_CMP_OP
    int data = nest(3); // NFTA_CMP_DATA
    attr(1, value); // NFTA_DATA_VALUE
    close(data);
    return closeExpression(e);
  }

  /** Register {@code sreg} is in {@code set}, or the rule ends. */
  public NfTablesBatch lookup(String set, int sreg) {
    int e = expression("lookup");
    string(1, set).u32(2, sreg); // NFTA_LOOKUP_SET, NFTA_LOOKUP_SREG
    return closeExpression(e);
  }

  /** {@code value} into register {@code dreg}. */
  public NfTablesBatch immediate(int dreg, byte[] value) {
    int e = expression("immediate");
    u32(1, dreg);
    int data = nest(2); // NFTA_IMMEDIATE_DATA
    attr(1, value); // NFTA_DATA_VALUE
    close(data);
    return closeExpression(e);
  }

  /** A counter. */
  public NfTablesBatch counter() {
    return closeExpression(expression("counter"));
  }

  /** The verdict {@link #NF_ACCEPT} or {@link #NF_DROP}. */
  public NfTablesBatch verdict(int code) {
    int e = expression("immediate");
    u32(1, NFT_REG_VERDICT);
    int data = nest(2); // NFTA_IMMEDIATE_DATA
    int v = nest(2); // NFTA_DATA_VERDICT
    u32(1, code); // NFTA_VERDICT_CODE
    close(v);
    close(data);
    return closeExpression(e);
  }

  /** A value the kernel keeps in host order in a register (an interface index of meta iif/oif). */
  public static byte[] hostU32(int v) {
    return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array();
  }

  /** Appends NFNL_MSG_BATCH_END and returns the batch. */
  public byte[] finish() {
    header(NFNL_MSG_BATCH_END, (short) NLM_F_REQUEST, 0);
    b.order(ByteOrder.BIG_ENDIAN).putShort(b.position() - 2, (short) NFNL_SUBSYS_NFTABLES).order(ByteOrder.nativeOrder());
    end();
    return Arrays.copyOf(b.array(), b.position());
  }

  private void request(int command, int flags) {
    begin(command, flags, NFPROTO_IPV4);
  }

  /** nlmsghdr and nfgenmsg (family, NFNETLINK_V0, res_id 0). */
  private void header(int type, short flags, int family) {
    ensure(32);
    start = b.position();
    b.putInt(0).putShort((short) type).putShort(flags).putInt(seq++).putInt(0);
    b.put((byte) family).put((byte) 0).putShort((short) 0);
  }

  private NfTablesBatch end() {
    b.putInt(start, b.position() - start);
    return this;
  }

  private int nest(int type) {
    ensure(4);
    return NetlinkEncoding.nest(b, type);
  }

  /** Grows the buffer so that {@code n} more bytes fit: a batch can hold a whole table. */
  private void ensure(int n) {
    if (b.remaining() < n + 64) {
      ByteBuffer bigger = ByteBuffer.allocate(Math.max(b.capacity() * 2, b.position() + n + 64 * 1024))
          .order(ByteOrder.nativeOrder());
      bigger.put(b.array(), 0, b.position());
      b = bigger;
    }
  }

  private void attr(int type, byte[] payload) {
    ensure(payload.length + 8);
    b.putShort((short) (4 + payload.length)).putShort((short) type).put(payload);
    while (b.position() % 4 != 0) {
      b.put((byte) 0);
    }
  }

  private static int align(int len) {
    return (len + 3) & ~3;
  }
}
