package io.vertalived.vrrp.service;

import io.vertalived.core.config.model.KeepalivedConfig;
import io.vertalived.core.config.model.VrrpInstance;
import io.vertalived.core.config.model.VrrpSyncGroup;
import io.vertalived.core.net.rtnl.RtnlEvent;
import io.vertalived.core.net.rtnl.RtnlMonitor;
import io.vertalived.core.script.ScriptRunner;
import io.vertalived.vrrp.protocol.VrrpState;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The VRRP service's host on Linux: the VRRP thread, one netlink thread for every address,
 * route, rule, firewall and gratuitous ARP change in order, rtnetlink sockets, the nf_tables
 * firewall, VMAC interfaces, static addressing, the rtnetlink monitor, notify scripts and FIFOs.
 */
final class LinuxHost implements VrrpHost {
  private final Vertx vertx;
  private final ExecutorVrrpThread thread = new ExecutorVrrpThread("vrrp-timer");
  private final NetlinkThread netlinkThread = new NetlinkThread("vrrp-netlink");
  private NetlinkChannels channels;
  private ScriptRunner scripts;
  private final List<FifoWriter> fifos = new ArrayList<>();
  private StaticAddressing statics;
  private VirtualMacInterfaces vmacs;
  /** Null until an instance is no_accept. */
  private volatile AcceptModeFirewall firewall;
  private RtnlMonitor monitor;
  /** One pacer per interface: vrrp_garp_interval spaces the packets of every instance on it. */
  private final Map<String, GarpPacer> pacers = new HashMap<>();
  private final Map<String, NotifyDispatcher> groupDispatchers = new HashMap<>();
  /** The configuration running (its instances' VIPs are never an advert source); read on the netlink thread too. */
  private volatile KeepalivedConfig config;

  LinuxHost(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public VrrpThread thread() {
    return thread;
  }

  @Override
  public Future<Void> setUp(KeepalivedConfig config, List<VrrpInstance> instances) {
    this.config = config;
    var g = config.global();
    String user = g.scriptUser() != null ? g.scriptUser() : g.enableScriptSecurity() ? "keepalived_script" : null;
    scripts = new ScriptRunner(vertx, "vrrp-scripts", 4, user, g.scriptGroup());
    for (var fifo : java.util.Arrays.asList(g.notifyFifo(), g.vrrpNotifyFifo())) {
      if (fifo != null && fifo.path() != null) {
        fifos.add(new FifoWriter(vertx, fifo.path()));
      }
    }
    vmacs = new VirtualMacInterfaces(g, instances);
    try {
      channels = NetlinkChannels.open();
    } catch (java.io.IOException e) {
      return Future.failedFuture(new java.io.IOException("cannot open rtnetlink: " + e.getMessage(), e));
    }
    statics = new StaticAddressing(config, channels);
    boolean v4 = AcceptModeFirewall.needs(instances, false);
    boolean v6 = AcceptModeFirewall.needs(instances, true);
    if (v4 || v6) {
      firewall = AcceptModeFirewall.nftables(g.nftables());
    }
    return onNetlinkThread(() -> {
      vmacs.setUp();
      statics.setUp();
      if (firewall != null) {
        firewall.setUp(v4, v6);
      }
      return (Void) null;
    }).recover(e -> onNetlinkThread(() -> {
      undoNetwork();
      return (Void) null;
    }).transform(x -> Future.<Void>failedFuture(e)));
  }

  @Override
  public Future<List<String>> reconfigure(KeepalivedConfig next, List<VrrpInstance> instances) {
    this.config = next;
    boolean v4 = AcceptModeFirewall.needs(instances, false);
    boolean v6 = AcceptModeFirewall.needs(instances, true);
    boolean newFirewall = firewall == null && (v4 || v6);
    if (newFirewall) {
      firewall = AcceptModeFirewall.nftables(next.global().nftables());
    }
    AcceptModeFirewall fw = firewall;
    return onNetlinkThread(() -> {
      List<String> changes = new ArrayList<>(vmacs.reconcile(next.global(), instances));
      changes.addAll(statics.reconfigure(next));
      if (fw != null) {
        // a family's table is made at the first reload that needs it
        fw.setUp(v4, v6);
        if (newFirewall) {
          changes.add("no_accept firewall set up");
        }
      }
      return changes;
    });
  }

  @Override
  public InstanceEffects effects(VrrpInstance vi, BooleanSupplier master) throws java.io.IOException {
    InstanceNetwork net = InstanceNetwork.resolve(vi, InstanceNetwork.vips(config.vrrpInstances()));
    // keepalived paces ARP (vrrp_garp_interval) and neighbour advertisements (vrrp_gna_interval) apart
    boolean ipv6 = InstanceNetwork.ipv6(vi);
    GarpPacer pacer = pacers.computeIfAbsent(net.interfaceName() + (ipv6 ? " ipv6" : ""),
        i -> new GarpPacer(ipv6 ? vi.garp().gnaInterval() : vi.garp().interval()));
    GarpAnnouncer announcer = new GarpAnnouncer(vi.name(), vi.garp(), vi.virtualIpAddresses(), thread.executor(),
        netlinkThread, master, pacer);
    // the interface the source is taken from: the configured one (an IPv4 VMAC has no address of its own)
    int sourceIndex = io.vertalived.core.net.LibC.if_nametoindex(InstanceNetwork.sourceInterface(vi));
    // looked up with the definition running then (a reload may change the VIPs), skipping every instance's VIPs
    SourceAddress source = new SourceAddress(net.source(), vi.sourceIp() != null, sourceIndex,
        () -> onNetlinkThread(() -> {
          KeepalivedConfig now = config;
          VrrpInstance current = now.vrrpInstances().stream().filter(i -> i.name().equals(vi.name())).findFirst().orElse(vi);
          return InstanceNetwork.source(current, InstanceNetwork.vips(now.vrrpInstances()));
        }));
    RawInstanceLink link = new RawInstanceLink(vertx, vi, net, source, announcer, netlinkThread);
    NetlinkVirtualAddressing addressing = new NetlinkVirtualAddressing(vi, net, channels, netlinkThread,
        () -> firewall, announcer);
    NotifyDispatcher notifies = new NotifyDispatcher("INSTANCE", vi.name(), vi.notifyScripts(), scripts, fifos);
    return new InstanceEffects(source, link, new RawAdvertSender(vi, source, link::sockets), addressing,
        announcer, new NotifyingTransitions(notifies, config.global().fifoWriteVrrpStatesOnReload()),
        new LinkAddressProbe(vertx, vi.name(), net, vi.interfaceName(), ipv6));
  }

  @Override
  public GroupNotifies groupNotifies() {
    return new GroupNotifies() {
      @Override
      public void transition(VrrpSyncGroup group, VrrpState to) {
        dispatcher(group).transition(to, 0);
      }

      @Override
      public void keptAtReload(VrrpSyncGroup group, VrrpState state) {
        if (config.global().fifoWriteVrrpStatesOnReload()) {
          dispatcher(group).fifoOnly(state, 0);
        }
      }
    };
  }

  private NotifyDispatcher dispatcher(VrrpSyncGroup group) {
    NotifyDispatcher d = groupDispatchers.computeIfAbsent(group.name(),
        n -> new NotifyDispatcher("GROUP", n, group.notifyScripts(), scripts, fifos));
    d.use(group.name(), group.notifyScripts());
    return d;
  }

  @Override
  public void watch(HostEvents events) throws java.io.IOException {
    monitor = new RtnlMonitor(list -> thread.execute(() -> {
      for (RtnlEvent e : list) {
        if (e instanceof RtnlEvent.Link l) {
          events.link(l.name(), l.usable() && !l.deleted());
        } else if (e instanceof RtnlEvent.Address a && a.deleted()) {
          events.addressRemoved(a.index(), a.address());
        } else if (e instanceof RtnlEvent.Address a) {
          events.addressAdded(a.index(), a.address());
        } else if (e instanceof RtnlEvent.Route rt && rt.deleted()) {
          events.routeRemoved(rt);
        } else if (e instanceof RtnlEvent.Rule rule && rule.deleted()) {
          events.ruleRemoved(rule);
        }
      }
    }));
  }

  /** What the node set up beside the instances: static addressing, the firewall, the VMACs (netlink thread). */
  private void undoNetwork() {
    if (statics != null) {
      statics.tearDown();
    }
    if (firewall != null) {
      firewall.tearDown();
    }
    if (vmacs != null) {
      vmacs.tearDown();
    }
  }

  @Override
  public Future<Void> tearDown() {
    return onNetlinkThread(() -> {
      undoNetwork();
      return (Void) null;
    }).<Void>mapEmpty().eventually(() -> {
      if (monitor != null) {
        monitor.close();
      }
      netlinkThread.shutdown();
      thread.shutdown();
      if (channels != null) {
        channels.close();
      }
      fifos.forEach(FifoWriter::close);
      if (scripts != null) {
        scripts.close();
      }
      return Future.succeededFuture();
    });
  }

  /** A job for the netlink thread, in order with the instances' address changes. */
  private interface NetlinkJob<T> {
    T run() throws Exception;
  }

  private <T> Future<T> onNetlinkThread(NetlinkJob<T> job) {
    Promise<T> done = Promise.promise();
    netlinkThread.execute(() -> {
      try {
        done.complete(job.run());
      } catch (Exception e) {
        done.fail(e);
      }
    });
    return done.future();
  }
}
