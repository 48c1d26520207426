package io.vertalived.ipvs.kernel;

import io.vertalived.core.config.model.LvsSyncDaemon;
import io.vertalived.core.net.NativeIoException;
import io.vertalived.core.net.netlink.GenericNetlink;
import io.vertalived.core.net.netlink.GenericNetlinkFamily;
import io.vertalived.core.net.netlink.NetlinkEncoding;
import io.vertalived.core.net.netlink.NetlinkMessage;
import io.vertalived.core.net.netlink.NetlinkSocket;
import io.vertalived.ipvs.reconcile.LvsOperation;
import io.vertalived.ipvs.table.LvsCounters;
import io.vertalived.ipvs.table.LvsDestination;
import io.vertalived.ipvs.table.LvsService;
import io.vertalived.ipvs.table.LvsTable;
import io.vertalived.ipvs.table.LvsVirtualService;
import io.vertalived.ipvs.table.ServiceKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The kernel's IPVS over generic netlink family "IPVS" (include/uapi/linux/ip_vs.h), through our own netlink layer:
 * never by running ipvsadm. The family is resolved once; resolving it loads the ip_vs module when the kernel has it.
 */
public final class IpvsBackend implements LvsBackend {
  static final int ENOENT = 2;
  static final int ESRCH = 3;
  static final int EEXIST = 17;

  private final GenericNetlink genl;
  private final int family;
  private final String version;

  private IpvsBackend(GenericNetlink genl, int family) throws NativeIoException {
    this.genl = genl;
    this.family = family;
    NetlinkSocket s = genl.socket();
    int seq = s.nextSequence();
    List<NetlinkMessage> info = s.query("IPVS GET_INFO", NetlinkEncoding.finish(
        IpvsMessages.request(family, seq, IpvsMessages.CMD_GET_INFO)), seq);
    this.version = info.isEmpty() ? "?" : IpvsMessages.readInfo(info.get(0));
  }

  /**
   * Opens the kernel's IPVS; fails with a message that says what is missing when this kernel has none (no
   * CONFIG_IP_VS, or the module cannot be loaded here, as in most containers).
   */
  public static IpvsBackend open() throws IOException {
    GenericNetlink genl = GenericNetlink.open();
    genl.socket().buffers(4 * 1024 * 1024); // the ACKs of a pipeline of requests come back together
    try {
      GenericNetlinkFamily f = genl.family(IpvsMessages.FAMILY);
      return new IpvsBackend(genl, f.id());
    } catch (NativeIoException e) {
      genl.socket().close();
      if (e.errno() == ENOENT) {
        throw new IOException("this kernel has no IPVS (generic netlink family \"IPVS\" not found: the ip_vs module is"
            + " not built or cannot be loaded here)", e);
      }
      throw e;
    }
  }

  @Override
  public String name() {
    return "ipvs";
  }

  /** IP Virtual Server version, as {@code ipvsadm} prints it in its first line. */
  public String version() {
    return version;
  }

  @Override
  public KernelTable read() throws IOException {
    return read(null);
  }

  @Override
  public KernelTable read(java.util.Set<ServiceKey> only) throws IOException {
    NetlinkSocket s = genl.socket();
    Map<ServiceKey, LvsVirtualService> services = new java.util.HashMap<>();
    Map<ServiceKey, LvsCounters> serviceCounters = new HashMap<>();
    Map<String, LvsCounters> destCounters = new HashMap<>();
    for (NetlinkMessage m : s.dump("IPVS service dump",
        seq -> NetlinkEncoding.finish(IpvsMessages.dump(family, seq, IpvsMessages.CMD_GET_SERVICE)))) {
      LvsService svc = IpvsMessages.readService(m);
      serviceCounters.put(svc.key(), IpvsMessages.readServiceCounters(m));
      Map<String, LvsDestination> dests = new TreeMap<>();
      if (only != null && !only.contains(svc.key())) {
        services.put(svc.key(), new LvsVirtualService(svc, dests));
        continue;
      }
      for (NetlinkMessage d : s.dump("IPVS destination dump of " + svc.key(), seq -> IpvsMessages.serviceKeyOnly(
          IpvsMessages.dump(family, seq, IpvsMessages.CMD_GET_DEST), svc.key()))) {
        LvsDestination dest = IpvsMessages.readDestination(d, svc.key().family());
        dests.put(dest.endpoint(), dest);
        destCounters.put(KernelTable.destinationKey(svc.key(), dest.endpoint()),
            IpvsMessages.readDestinationCounters(d));
      }
      services.put(svc.key(), new LvsVirtualService(svc, dests));
    }
    return new KernelTable(new LvsTable(services), serviceCounters, destCounters);
  }

  /**
   * Applies one operation. Idempotent: an add of what exists edits it, an edit of what is gone adds it, a delete of
   * what is gone is done.
   */
  @Override
  public void apply(LvsOperation op) throws IOException {
    NetlinkSocket s = genl.socket();
    int seq = s.nextSequence();
    if (s.acknowledge(what(op), request(op, seq), seq, tolerated(op)) != 0) {
      otherwise(op);
    }
  }

  /**
   * Sends the operations {@link #PIPELINE} at a time in one datagram each and reads their ACKs together (the kernel
   * applies them in order, as one by one): a table of thousands costs tens of round trips, not thousands.
   */
  @Override
  public Applied applyAll(List<LvsOperation> ops) {
    List<LvsOperation> done = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    NetlinkSocket s = genl.socket();
    for (int from = 0; from < ops.size(); from += PIPELINE) {
      List<LvsOperation> chunk = ops.subList(from, Math.min(ops.size(), from + PIPELINE));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int first = s.nextSequence();
      for (int i = 0; i < chunk.size(); i++) {
        out.writeBytes(request(chunk.get(i), i == 0 ? first : s.nextSequence()));
      }
      List<NetlinkMessage> acks;
      try {
        acks = s.pipeline(out.toByteArray(), first, first + chunk.size() - 1);
      } catch (NativeIoException e) {
        chunk.forEach(op -> failures.add(op + ": " + e.getMessage()));
        continue;
      }
      for (int i = 0; i < chunk.size(); i++) {
        LvsOperation op = chunk.get(i);
        int errno = acks.get(i).errno();
        try {
          if (errno != 0) {
            if (!contains(tolerated(op), errno)) {
              throw new NativeIoException(what(op), errno, acks.get(i).extendedAckMessage());
            }
            otherwise(op);
          }
          done.add(op);
        } catch (IOException e) {
          failures.add(op + ": " + e.getMessage());
        }
      }
    }
    return new Applied(done, failures);
  }

  /** Requests sent together at most: their ACKs (and the requests echoed in error ACKs) fit the receive buffer. */
  static final int PIPELINE = 128;

  /** The answers to the first request of {@code op} that mean "already so" or "do it the other way". */
  private static int[] tolerated(LvsOperation op) {
    if (op instanceof LvsOperation.AddService || op instanceof LvsOperation.AddDestination) {
      return new int[] {EEXIST};
    } else if (op instanceof LvsOperation.EditService || op instanceof LvsOperation.DeleteService) {
      return new int[] {ESRCH};
    } else if (op instanceof LvsOperation.EditDestination) {
      return new int[] {ENOENT};
    }
    return new int[] {ENOENT, ESRCH};
  }

  /** After a tolerated answer: an add of what exists becomes an edit, an edit of what is gone an add. */
  private void otherwise(LvsOperation op) throws NativeIoException {
    int cmd;
    if (op instanceof LvsOperation.AddService) {
      cmd = IpvsMessages.CMD_SET_SERVICE;
    } else if (op instanceof LvsOperation.EditService) {
      cmd = IpvsMessages.CMD_NEW_SERVICE;
    } else if (op instanceof LvsOperation.AddDestination) {
      cmd = IpvsMessages.CMD_SET_DEST;
    } else if (op instanceof LvsOperation.EditDestination) {
      cmd = IpvsMessages.CMD_NEW_DEST;
    } else {
      return; // a delete of what is gone
    }
    NetlinkSocket s = genl.socket();
    int seq = s.nextSequence();
    byte[] msg = op instanceof LvsOperation.AddService a ? IpvsMessages.service(family, seq, cmd, a.service())
        : op instanceof LvsOperation.EditService e ? IpvsMessages.service(family, seq, cmd, e.service())
        : IpvsMessages.destination(family, seq, cmd, op.key(), destination(op));
    s.acknowledge(what(op) + (cmd == IpvsMessages.CMD_SET_SERVICE || cmd == IpvsMessages.CMD_SET_DEST
        ? ", then edit" : ", then add"), msg, seq);
  }

  private static LvsDestination destination(LvsOperation op) {
    return op instanceof LvsOperation.AddDestination a ? a.destination()
        : op instanceof LvsOperation.EditDestination e ? e.destination()
        : ((LvsOperation.DeleteDestination) op).destination();
  }

  /** The first request of {@code op}. */
  private byte[] request(LvsOperation op, int seq) {
    if (op instanceof LvsOperation.AddService a) {
      return IpvsMessages.service(family, seq, IpvsMessages.CMD_NEW_SERVICE, a.service());
    } else if (op instanceof LvsOperation.EditService e) {
      return IpvsMessages.service(family, seq, IpvsMessages.CMD_SET_SERVICE, e.service());
    } else if (op instanceof LvsOperation.DeleteService d) {
      return IpvsMessages.serviceKeyOnly(IpvsMessages.request(family, seq, IpvsMessages.CMD_DEL_SERVICE), d.key());
    }
    int cmd = op instanceof LvsOperation.AddDestination ? IpvsMessages.CMD_NEW_DEST
        : op instanceof LvsOperation.EditDestination ? IpvsMessages.CMD_SET_DEST : IpvsMessages.CMD_DEL_DEST;
    return IpvsMessages.destination(family, seq, cmd, op.key(), destination(op));
  }

  /** What the first request of {@code op} does, as an error names it. */
  private static String what(LvsOperation op) {
    if (op instanceof LvsOperation.AddService a) {
      return "IPVS add service " + a.key() + " (scheduler " + a.service().scheduler() + ")";
    } else if (op instanceof LvsOperation.EditService e) {
      return "IPVS edit service " + e.key() + " (scheduler " + e.service().scheduler() + ")";
    } else if (op instanceof LvsOperation.DeleteService d) {
      return "IPVS delete service " + d.key();
    }
    String verb = op instanceof LvsOperation.AddDestination ? "add"
        : op instanceof LvsOperation.EditDestination ? "edit" : "delete";
    return "IPVS " + verb + " destination " + destination(op).endpoint() + " of " + op.key();
  }

  private static boolean contains(int[] values, int v) {
    for (int x : values) {
      if (x == v) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean hasSyncDaemons() {
    return true;
  }

  @Override
  public void startSyncDaemon(int state, LvsSyncDaemon daemon) throws IOException {
    NetlinkSocket s = genl.socket();
    int seq = s.nextSequence();
    s.acknowledge("IPVS start " + SyncDaemonStatus.stateName(state) + " sync daemon (mcast=" + daemon.interfaceName()
        + ", syncid=" + daemon.syncId() + ")", IpvsMessages.startDaemon(family, seq, state, daemon), seq, EEXIST);
  }

  @Override
  public void stopSyncDaemon(int state, int syncId) throws IOException {
    NetlinkSocket s = genl.socket();
    int seq = s.nextSequence();
    s.acknowledge("IPVS stop " + SyncDaemonStatus.stateName(state) + " sync daemon",
        IpvsMessages.stopDaemon(family, seq, state, syncId), seq, ESRCH);
  }

  @Override
  public List<SyncDaemonStatus> syncDaemons() throws IOException {
    List<SyncDaemonStatus> out = new ArrayList<>();
    for (NetlinkMessage m : genl.socket().dump("IPVS sync daemon dump",
        seq -> NetlinkEncoding.finish(IpvsMessages.dump(family, seq, IpvsMessages.CMD_GET_DAEMON)))) {
      out.add(IpvsMessages.readDaemon(m));
    }
    return out;
  }

  @Override
  public boolean timeouts(Map<String, Integer> seconds) throws IOException {
    if (seconds.isEmpty()) {
      return true;
    }
    NetlinkSocket s = genl.socket();
    int seq = s.nextSequence();
    s.acknowledge("IPVS set timeouts " + seconds, IpvsMessages.timeouts(family, seq, seconds), seq);
    return true;
  }

  /** The connection timeouts now ({@code ipvsadm -L --timeout}). */
  public Map<String, Integer> timeouts() throws IOException {
    NetlinkSocket s = genl.socket();
    int seq = s.nextSequence();
    List<NetlinkMessage> r = s.query("IPVS GET_CONFIG", NetlinkEncoding.finish(
        IpvsMessages.request(family, seq, IpvsMessages.CMD_GET_CONFIG)), seq);
    return r.isEmpty() ? Map.of() : IpvsMessages.readTimeouts(r.get(0));
  }

  @Override
  public void flush() throws IOException {
    NetlinkSocket s = genl.socket();
    int seq = s.nextSequence();
    ByteBuffer b = IpvsMessages.request(family, seq, IpvsMessages.CMD_FLUSH);
    s.acknowledge("IPVS flush", NetlinkEncoding.finish(b), seq);
  }

  @Override
  public void close() {
    genl.socket().close();
  }
}
