package io.vertalived.ipvs.kernel.nft;

import io.vertalived.core.net.NativeIoException;
import io.vertalived.core.net.netlink.Netlink;
import io.vertalived.core.net.netlink.NetlinkAttributes;
import io.vertalived.core.net.netlink.NetlinkEncoding;
import io.vertalived.core.net.netlink.NetlinkMessage;
import io.vertalived.core.net.netlink.NetlinkSocket;
import io.vertalived.core.net.nftables.NfTablesBatch;
import io.vertalived.ipvs.kernel.KernelTable;
import io.vertalived.ipvs.kernel.LvsBackend;
import io.vertalived.ipvs.reconcile.LvsOperation;
import io.vertalived.ipvs.reconcile.TableDiff;
import io.vertalived.ipvs.table.LvsTable;
import io.vertalived.ipvs.table.LvsVirtualService;
import io.vertalived.ipvs.table.ServiceKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The virtual servers as NAT rules of nftables, for kernels without IPVS ({@link NftLvsRules} shows the rules). Every
 * convergence is one nf_tables transaction: all of it applies or none. What it committed is remembered; to find a
 * change made behind its back it compares the ruleset's generation and, when that moved, a digest of its own table's
 * rules and maps with the one taken after its last commit: a difference means the table is rebuilt whole, in one
 * transaction, at the next convergence.
 */
public final class NftablesBackend implements LvsBackend {
  private static final int NFNL_SUBSYS_NFTABLES = 10;
  private static final int NFT_MSG_GETTABLE = 1;
  private static final int NFT_MSG_NEWRULE = 6;
  private static final int NFT_MSG_GETRULE = 7;
  private static final int NFT_MSG_GETSETELEM = 13;
  private static final int NFT_MSG_GETGEN = 16;
  private static final int NFTA_GEN_ID = 1;
  private static final int ENOENT = 2;

  private final NetlinkSocket socket;
  /** What the last transactions committed (this backend's thread only). */
  private final Map<ServiceKey, LvsVirtualService> committed = new HashMap<>();
  private boolean rebuild = true;
  private int generation;
  private byte[] digest;
  /** The handle of each service's rule, as the kernel echoed it; absent while a service has none. */
  private final Map<String, Long> ruleHandles = new java.util.HashMap<>();
  /** Where each service's slots start in its map: every change moves them to keys the last ones did not use. */
  private final Map<String, Integer> offsets = new java.util.HashMap<>();
  /** Slot ranges rotate through this many windows of {@link NftSchedule#MAX_SLOTS} keys. */
  private static final int WINDOWS = 64;

  private NftablesBackend(NetlinkSocket socket) {
    this.socket = socket;
  }

  /** Opens nf_tables; fails with what is missing when this kernel has none. */
  public static NftablesBackend open() throws IOException {
    NetlinkSocket s = new NetlinkSocket(Netlink.NETLINK_NETFILTER).buffers(32 * 1024 * 1024);
    NftablesBackend b = new NftablesBackend(s);
    try {
      b.generation();
    } catch (NativeIoException e) {
      s.close();
      throw new IOException("nf_tables is not available here: " + e.getMessage(), e);
    }
    return b;
  }

  @Override
  public String name() {
    return "nftables";
  }

  @Override
  public KernelTable read() throws IOException {
    int gen = generation();
    if (!rebuild && gen == generation) {
      if (digest == null) {
        digest = digest();
      }
      return new KernelTable(new LvsTable(committed), Map.of(), Map.of());
    }
    if (!rebuild && digest != null && tableExists() && Arrays.equals(digest, digest())) {
      generation = gen;
      return new KernelTable(new LvsTable(committed), Map.of(), Map.of());
    }
    // changed behind our back (or never ours): rebuilt whole at the next convergence
    rebuild = true;
    committed.clear();
    return new KernelTable(LvsTable.EMPTY, Map.of(), Map.of());
  }

  @Override
  public void apply(LvsOperation op) throws IOException {
    Applied a = applyAll(List.of(op));
    if (!a.failures().isEmpty()) {
      throw new IOException(a.failures().get(0));
    }
  }

  @Override
  public Applied applyAll(List<LvsOperation> ops) {
    Map<ServiceKey, LvsVirtualService> base = rebuild ? Map.of() : committed;
    Set<ServiceKey> touched = new LinkedHashSet<>();
    ops.forEach(op -> touched.add(op.key()));
    // the services as they will be: all of them for a rebuild, else only those the operations touch
    Map<ServiceKey, LvsVirtualService> next = new HashMap<>();
    TableDiff.copyKeys(base, touched, next);
    TableDiff.applyTo(next, ops);
    List<String> failures = new ArrayList<>();
    Set<ServiceKey> refused = new HashSet<>();
    Map<ServiceKey, NftSchedule> schedules = new HashMap<>();
    // a rebuild schedules every service; a change only those its operations touch (the others are as committed)
    for (ServiceKey k : rebuild ? next.keySet() : touched) {
      LvsVirtualService vs = next.get(k);
      if (vs == null || !rebuild && vs.equals(base.get(k))) {
        continue;
      }
      try {
        schedules.put(k, NftSchedule.of(vs));
      } catch (NftSchedule.Unsupported u) {
        refused.add(k);
        failures.add(u.getMessage());
      }
    }
    TableDiff.copyKeys(base, refused, next); // a refused service stays as it was
    int first = socket.nextSequence();
    NfTablesBatch batch = new NfTablesBatch(first);
    NftLvsRules rules = new NftLvsRules(batch);
    boolean any = rebuild;
    // the slot offsets this transaction changes (null: the chain's service goes), applied once it commits
    Map<String, Integer> nextOffsets = new java.util.HashMap<>();
    if (rebuild) {
      rules.freshTable();
      next.forEach((k, vs) -> rules.addService(vs, schedules.get(k), 0));
      next.keySet().forEach(k -> nextOffsets.put(NftLvsRules.chain(k), 0));
    } else {
      for (ServiceKey k : touched) {
        LvsVirtualService was = base.get(k);
        LvsVirtualService now = next.get(k);
        String chain = NftLvsRules.chain(k);
        Long handle = ruleHandles.get(chain);
        if (now == null) {
          if (was != null) { // a refused service that never was here has nothing to delete
            rules.deleteService(k, handle);
            nextOffsets.put(chain, null);
            any = true;
          }
        } else if (was == null) {
          rules.addService(now, schedules.get(k), 0);
          nextOffsets.put(chain, 0);
          any = true;
        } else if (!was.equals(now)) {
          int wasOffset = offsets.getOrDefault(chain, 0);
          int offset = (wasOffset + NftSchedule.MAX_SLOTS) % (WINDOWS * NftSchedule.MAX_SLOTS);
          rules.replaceService(k, scheduleOf(was), wasOffset, schedules.get(k), offset, handle);
          nextOffsets.put(chain, offset);
          any = true;
        }
      }
    }
    List<LvsOperation> done = ops.stream().filter(op -> !refused.contains(op.key())).toList();
    if (!any) {
      return new Applied(done, failures);
    }
    byte[] bytes = batch.finish();
    socket.sequencesUsedUpTo(batch.lastRequestSequence() + 1);
    try {
      NetlinkSocket.BatchOutcome outcome = socket.batch(bytes, first, batch.lastRequestSequence());
      if (outcome.errno() != 0) {
        throw new NativeIoException("nf_tables refused the transaction (its message " + (outcome.sequence() - first)
            + " of " + (batch.lastRequestSequence() - first) + ", command " + batch.command(outcome.sequence()) + ")",
            outcome.errno(), outcome.message());
      }
      keepHandles(outcome.echoes(), rebuild ? next.keySet() : touched, next);
      if (rebuild) {
        offsets.clear();
      }
      nextOffsets.forEach((chain, offset) -> {
        if (offset == null) {
          offsets.remove(chain);
        } else {
          offsets.put(chain, offset);
        }
      });
      if (rebuild) {
        committed.clear();
        committed.putAll(next);
      } else {
        TableDiff.copyKeys(next, touched, committed);
      }
      rebuild = false;
      generation = generation();
      digest = null;
      return new Applied(done, failures);
    } catch (NativeIoException e) {
      rebuild = true;
      List<String> all = new ArrayList<>(failures);
      done.forEach(op -> all.add(op + ": " + e.getMessage()));
      return new Applied(List.of(), all);
    }
  }

  /** The schedule of a committed service (it was accepted, so it has one). */
  private static NftSchedule scheduleOf(LvsVirtualService vs) {
    try {
      return NftSchedule.of(vs);
    } catch (NftSchedule.Unsupported e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Learns the rules' handles from the kernel's echoes; a service of {@code written} whose rule went (no live
   * destination) or that went has none.
   */
  private void keepHandles(List<NetlinkMessage> echoes, Set<ServiceKey> written,
                           Map<ServiceKey, LvsVirtualService> next) {
    if (rebuild) {
      ruleHandles.clear();
    }
    for (ServiceKey k : written) {
      LvsVirtualService vs = next.get(k);
      if (vs == null || vs.destinations().values().stream().noneMatch(d -> d.weight() > 0)) {
        ruleHandles.remove(NftLvsRules.chain(k));
      }
    }
    for (NetlinkMessage m : echoes) {
      if ((m.type() & 0xff) != NFT_MSG_NEWRULE) {
        continue;
      }
      NetlinkAttributes a = m.attributes(4);
      byte[] handle = a.bytes(3);
      String chain = a.string(2);
      if (handle != null && handle.length == 8 && chain != null && chain.startsWith("vs-")) {
        ruleHandles.put(chain, ByteBuffer.wrap(handle).getLong());
      }
    }
  }

  /** {@code lvs_flush}: our table goes (nftables has no table of IPVS's to flush; others' tables are theirs). */
  @Override
  public void flush() throws IOException {
    int first = socket.nextSequence();
    NfTablesBatch batch = new NfTablesBatch(first);
    new NftLvsRules(batch).deleteTable();
    byte[] bytes = batch.finish();
    socket.sequencesUsedUpTo(batch.lastRequestSequence() + 1);
    int errno = socket.requestBatch(bytes, first, batch.lastRequestSequence());
    if (errno != 0) {
      throw new NativeIoException("nf_tables delete table " + NftLvsRules.TABLE, errno);
    }
    committed.clear();
    rebuild = true;
    ruleHandles.clear();
    offsets.clear();
  }

  @Override
  public void release() throws IOException {
    flush();
  }

  /** The ruleset's generation: it moves with every committed nf_tables transaction, anyone's. */
  private int generation() throws NativeIoException {
    int seq = socket.nextSequence();
    ByteBuffer b = request(NFT_MSG_GETGEN, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, seq, 0);
    List<NetlinkMessage> r = socket.query("nf_tables generation", NetlinkEncoding.finish(b), seq);
    return r.isEmpty() ? 0 : r.get(0).attributes(4).u32Be(NFTA_GEN_ID, 0);
  }

  private boolean tableExists() throws NativeIoException {
    int seq = socket.nextSequence();
    ByteBuffer b = request(NFT_MSG_GETTABLE, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, seq, 2);
    NetlinkEncoding.attrString(b, 1, NftLvsRules.TABLE);
    try {
      socket.query("nf_tables table " + NftLvsRules.TABLE, NetlinkEncoding.finish(b), seq);
      return true;
    } catch (NativeIoException e) {
      if (e.errno() == ENOENT) {
        return false;
      }
      throw e;
    }
  }

  /** A digest of our table's rules and dispatch maps, as the kernel dumps them. */
  private byte[] digest() throws NativeIoException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    for (NetlinkMessage m : socket.dump("nf_tables rules of " + NftLvsRules.TABLE, seq -> {
      ByteBuffer b = request(NFT_MSG_GETRULE, Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP, seq, 2);
      NetlinkEncoding.attrString(b, 1, NftLvsRules.TABLE);
      return NetlinkEncoding.finish(b);
    })) {
      NetlinkAttributes a = m.attributes(4);
      if (NftLvsRules.TABLE.equals(a.string(1))) {
        md.update(Arrays.copyOfRange(m.bytes(), 20, m.bytes().length));
      }
    }
    for (String map : List.of("services", "marks")) {
      for (NetlinkMessage m : socket.dump("nf_tables map " + map, seq -> {
        ByteBuffer b = request(NFT_MSG_GETSETELEM, Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP, seq, 2);
        NetlinkEncoding.attrString(b, 1, NftLvsRules.TABLE);
        NetlinkEncoding.attrString(b, 2, map);
        return NetlinkEncoding.finish(b);
      })) {
        md.update(Arrays.copyOfRange(m.bytes(), 20, m.bytes().length));
      }
    }
    return md.digest();
  }

  /** A plain (not batched) nf_tables request: nlmsghdr, then nfgenmsg of {@code family}. */
  private static ByteBuffer request(int command, int flags, int seq, int family) {
    ByteBuffer b = NetlinkEncoding.allocate(256);
    NetlinkEncoding.header(b, (short) ((NFNL_SUBSYS_NFTABLES << 8) | command), (short) flags, seq);
    return b.put((byte) family).put((byte) 0).putShort((short) 0);
  }

  @Override
  public void close() {
    socket.close();
  }
}
