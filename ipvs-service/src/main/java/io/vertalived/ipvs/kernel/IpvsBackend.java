package io.vertalived.ipvs.kernel;

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
import java.io.IOException;
import java.nio.ByteBuffer;
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
    NetlinkSocket s = genl.socket();
    Map<ServiceKey, LvsVirtualService> services = new java.util.HashMap<>();
    Map<ServiceKey, LvsCounters> serviceCounters = new HashMap<>();
    Map<String, LvsCounters> destCounters = new HashMap<>();
    for (NetlinkMessage m : s.dump("IPVS service dump",
        seq -> NetlinkEncoding.finish(IpvsMessages.dump(family, seq, IpvsMessages.CMD_GET_SERVICE)))) {
      LvsService svc = IpvsMessages.readService(m);
      serviceCounters.put(svc.key(), IpvsMessages.readServiceCounters(m));
      Map<String, LvsDestination> dests = new TreeMap<>();
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

  @Override
  public void apply(LvsOperation op) throws IOException {
    if (op instanceof LvsOperation.AddService a) {
      if (service(IpvsMessages.CMD_NEW_SERVICE, a.service(), EEXIST) == EEXIST) {
        service(IpvsMessages.CMD_SET_SERVICE, a.service());
      }
    } else if (op instanceof LvsOperation.EditService e) {
      if (service(IpvsMessages.CMD_SET_SERVICE, e.service(), ESRCH) == ESRCH) {
        service(IpvsMessages.CMD_NEW_SERVICE, e.service());
      }
    } else if (op instanceof LvsOperation.DeleteService d) {
      NetlinkSocket s = genl.socket();
      int seq = s.nextSequence();
      s.acknowledge("IPVS delete service " + d.key(), IpvsMessages.serviceKeyOnly(
          IpvsMessages.request(family, seq, IpvsMessages.CMD_DEL_SERVICE), d.key()), seq, ESRCH);
    } else if (op instanceof LvsOperation.AddDestination a) {
      if (destination(IpvsMessages.CMD_NEW_DEST, a.key(), a.destination(), EEXIST) == EEXIST) {
        destination(IpvsMessages.CMD_SET_DEST, a.key(), a.destination());
      }
    } else if (op instanceof LvsOperation.EditDestination e) {
      if (destination(IpvsMessages.CMD_SET_DEST, e.key(), e.destination(), ENOENT) == ENOENT) {
        destination(IpvsMessages.CMD_NEW_DEST, e.key(), e.destination());
      }
    } else if (op instanceof LvsOperation.DeleteDestination d) {
      destination(IpvsMessages.CMD_DEL_DEST, d.key(), d.destination(), ENOENT, ESRCH);
    }
  }

  private int service(int cmd, LvsService svc, int... tolerated) throws NativeIoException {
    NetlinkSocket s = genl.socket();
    int seq = s.nextSequence();
    return s.acknowledge("IPVS " + (cmd == IpvsMessages.CMD_NEW_SERVICE ? "add" : "edit") + " service " + svc.key()
        + " (scheduler " + svc.scheduler() + ")", IpvsMessages.service(family, seq, cmd, svc), seq, tolerated);
  }

  private int destination(int cmd, ServiceKey k, LvsDestination d, int... tolerated) throws NativeIoException {
    NetlinkSocket s = genl.socket();
    int seq = s.nextSequence();
    String verb = cmd == IpvsMessages.CMD_NEW_DEST ? "add" : cmd == IpvsMessages.CMD_SET_DEST ? "edit" : "delete";
    return s.acknowledge("IPVS " + verb + " destination " + d.endpoint() + " of " + k,
        IpvsMessages.destination(family, seq, cmd, k, d), seq, tolerated);
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
