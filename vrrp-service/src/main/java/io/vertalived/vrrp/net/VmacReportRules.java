package io.vertalived.vrrp.net;

import io.vertalived.core.net.NativeIoException;
import io.vertalived.core.net.nftables.NfTablesBatch;
import java.io.IOException;
import java.util.List;

/**
 * keepalived's nftables rules for {@code use_vmac} (keepalived.conf(5) {@code use_vmac},
 * {@code disable_local_igmp}): a VMAC's multicast listener reports (IGMP for an IPv4 VMAC, MLDv2
 * for an IPv6 one) leave through its base interface instead ({@code dup to ip daddr device BASE},
 * then drop), and an IPv6 VMAC's router solicitations are dropped. Otherwise a BACKUP's VMAC,
 * joining the VRRP group, would send frames from the virtual router MAC and move the switch's
 * entry for that MAC to its port, away from the MASTER. One table in each family in use
 * ({@code ip}/{@code ip6} {@code TABLE}, chain {@code out}, hook output), rewritten whole in one
 * batch at each change. A kernel without the {@code dup} expression gets the rules without it
 * (the reports dropped, as keepalived built without it does). Blocking: the netlink thread.
 */
public final class VmacReportRules implements AutoCloseable {
  /** A VMAC: its index, its base interface's, and the family of its instance. */
  public record Vmac(String name, int index, int baseIndex, boolean ipv6) {}

  public static final int NFPROTO_IPV6 = 10;
  private static final int NFT_MSG_NEWRULE = 6;
  private static final int NFT_REG_1 = 1;
  private static final int NFT_REG_2 = 2;
  private static final int NFT_META_OIF = 5;
  private static final int NFT_META_L4PROTO = 16;
  private static final int NFT_PAYLOAD_NETWORK_HEADER = 1;
  private static final int NFT_PAYLOAD_TRANSPORT_HEADER = 2;
  private static final int IPPROTO_IGMP = 2;
  private static final int IPPROTO_ICMPV6 = 58;
  private static final int ICMPV6_ROUTER_SOLICIT = 133;
  private static final int ICMPV6_MLD2_REPORT = 143;
  private static final int ENOENT = 2;
  private static final int EOPNOTSUPP = 95;
  private static final int PRIORITY = -1;

  private final String table;
  private final NfTablesSession session;
  private boolean withoutDup;

  public VmacReportRules(String table) throws NativeIoException {
    this.table = table;
    this.session = new NfTablesSession();
  }

  /**
   * The rules for exactly {@code vmacs} (IGMP ones only with {@code igmp}; keepalived's
   * {@code disable_local_igmp} turns them off); a family with none has no table. Answers a warning
   * to log, or null.
   */
  public String apply(List<Vmac> vmacs, boolean igmp) throws IOException {
    String warning = null;
    for (boolean ipv6 : new boolean[] {false, true}) {
      List<Vmac> mine = vmacs.stream().filter(v -> v.ipv6() == ipv6 && (ipv6 || igmp)).toList();
      int family = ipv6 ? NFPROTO_IPV6 : NfTablesBatch.NFPROTO_IPV4;
      if (mine.isEmpty()) {
        session.deleteTable(family, table);
        continue;
      }
      int errno = withoutDup ? -1 : session.exchange(encode(session.batch(), table, family, mine, true));
      if (errno == EOPNOTSUPP || errno == ENOENT) {
        withoutDup = true;
        warning = "nftables has no dup expression here: a VMAC's multicast listener reports are dropped, not sent"
            + " from its base interface";
      }
      if (withoutDup) {
        errno = session.exchange(encode(session.batch(), table, family, mine, false));
      }
      if (errno != 0) {
        throw new NativeIoException("nf_tables: table " + (ipv6 ? "ip6 " : "ip ") + table + " for the VMACs' reports",
            errno);
      }
    }
    return warning;
  }

  /** Both families' tables go (nothing if there are none). */
  public void remove() throws IOException {
    session.deleteTable(NfTablesBatch.NFPROTO_IPV4, table);
    session.deleteTable(NFPROTO_IPV6, table);
  }

  /**
   * One batch: the table made if missing, deleted and made again (so it holds exactly these
   * rules, atomically), its chain, and per VMAC {@code oif VMAC icmpv6 type mld2-listener-report
   * dup to ip6 daddr device BASE counter drop} and {@code oif VMAC icmpv6 type nd-router-solicit
   * counter drop} (ip6), or {@code oif VMAC ip protocol igmp dup to ip daddr device BASE counter
   * drop} (ip).
   */
  static NfTablesBatch encode(NfTablesBatch b, String table, int family, List<Vmac> vmacs, boolean dup) {
    b.begin(NfTablesBatch.NFT_MSG_NEWTABLE, 0x400, family).string(1, table).done(); // NLM_F_CREATE
    b.begin(NfTablesBatch.NFT_MSG_DELTABLE, 0, family).string(1, table).done();
    b.begin(NfTablesBatch.NFT_MSG_NEWTABLE, 0x400, family).string(1, table).done();
    b.begin(NfTablesBatch.NFT_MSG_NEWCHAIN, 0x400, family).string(1, table).string(3, "out");
    int hook = b.open(4); // NFTA_CHAIN_HOOK
    b.u32(1, NfTablesBatch.NF_INET_LOCAL_OUT).u32(2, PRIORITY).close(hook);
    b.u32(5, NfTablesBatch.NF_ACCEPT).string(7, "filter").done();
    for (Vmac v : vmacs) {
      if (v.ipv6()) {
        rule(b, table, family, v, ICMPV6_MLD2_REPORT, dup);
        rule(b, table, family, v, ICMPV6_ROUTER_SOLICIT, false);
      } else {
        rule(b, table, family, v, IPPROTO_IGMP, dup);
      }
    }
    return b;
  }

  /** One rule: the VMAC's packets of {@code kind} (an ICMPv6 type, or IGMP) copied to its base's ({@code dup}) and dropped. */
  private static void rule(NfTablesBatch b, String table, int family, Vmac v, int kind, boolean dup) {
    b.begin(NFT_MSG_NEWRULE, 0x400 | 0x800, family).string(1, table).string(2, "out"); // CREATE | APPEND
    int exprs = b.open(4); // NFTA_RULE_EXPRESSIONS
    if (v.ipv6()) {
      b.meta(NFT_META_L4PROTO, NFT_REG_1).cmpEq(NFT_REG_1, new byte[] {IPPROTO_ICMPV6});
      b.payload(NFT_PAYLOAD_TRANSPORT_HEADER, 0, 1, NFT_REG_1); // icmp6_type
    } else {
      b.payload(NFT_PAYLOAD_NETWORK_HEADER, 9, 1, NFT_REG_1); // iphdr protocol
    }
    b.cmpEq(NFT_REG_1, new byte[] {(byte) kind});
    b.meta(NFT_META_OIF, NFT_REG_1).cmpEq(NFT_REG_1, NfTablesBatch.hostU32(v.index()));
    if (dup) {
      // the destination group and the base interface's index, then dup (NFTA_DUP_SREG_ADDR, _DEV)
      b.payload(NFT_PAYLOAD_NETWORK_HEADER, v.ipv6() ? 24 : 16, v.ipv6() ? 16 : 4, NFT_REG_1);
      b.immediate(NFT_REG_2, NfTablesBatch.hostU32(v.baseIndex()));
      int d = b.expression("dup");
      b.u32(1, NFT_REG_1).u32(2, NFT_REG_2);
      b.closeExpression(d);
    }
    b.counter().verdict(NfTablesBatch.NF_DROP);
    b.close(exprs);
    b.done();
  }

  @Override
  public void close() {
    session.close();
  }
}
