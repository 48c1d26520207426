package io.vertalived.vrrp.service;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.Bus;
import io.vertalived.core.bus.BusFailure;
import io.vertalived.core.bus.BusStreams;
import io.vertalived.core.bus.InstanceQuery;
import io.vertalived.core.bus.InstanceStatsList;
import io.vertalived.core.bus.InstanceStatusList;
import io.vertalived.core.bus.Sequencer;
import io.vertalived.vrrp.protocol.SyncGroupCoordinator;
import io.vertalived.vrrp.protocol.TrackedPriority;
import io.vertalived.core.config.model.VrrpInstance;
import io.vertalived.core.script.ScriptRunner;
import io.vertalived.core.service.ServiceContext;
import io.vertalived.core.net.rtnl.RtnlEvent;
import io.vertalived.core.net.rtnl.RtnlMonitor;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * The VRRP service of one node: runs every configured instance on this verticle's event loop
 * and answers {@link Addresses#vrrpStatus(String)}. Undeploying it is keepalived's graceful stop.
 */
public final class VrrpVerticle extends io.vertalived.core.service.ReloadableVerticle {
  private static final Logger LOG = Logger.getLogger("io.vertalived.vrrp");
  private final ServiceContext ctx;
  private final List<InstanceRunner> runners = new ArrayList<>();
  private Sequencer sequence;
  private NetlinkChannels netlink;
  private StaticAddressing statics;
  private VirtualMacInterfaces vmacs;
  /** Null unless an instance is no_accept. */
  private AcceptModeFirewall firewall;
  private RtnlMonitor monitor;
  private NetlinkThread addressThread;
  private java.util.concurrent.ScheduledThreadPoolExecutor timerThread;
  private ScriptRunner scripts;
  private final List<FifoWriter> fifos = new ArrayList<>();

  public VrrpVerticle(ServiceContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Future<?> start() throws Exception {
    sequence = BusStreams.of(vertx).sequencer(Addresses.VRRP_TRANSITION);
    netlink = NetlinkChannels.open();
    addressThread = new NetlinkThread("vrrp-netlink");
    timerThread = new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "vrrp-timer");
      t.setDaemon(true);
      t.setPriority(Thread.MAX_PRIORITY);
      return t;
    });
    timerThread.setRemoveOnCancelPolicy(true);
    timerThread.prestartAllCoreThreads();
    var g = ctx.config().global();
    String user = g.scriptUser() != null ? g.scriptUser() : g.enableScriptSecurity() ? "keepalived_script" : null;
    scripts = new ScriptRunner(vertx, "vrrp-scripts", 4, user, g.scriptGroup());
    for (var fifo : java.util.Arrays.asList(g.notifyFifo(), g.vrrpNotifyFifo())) {
      if (fifo != null && fifo.path() != null) {
        fifos.add(new FifoWriter(vertx, fifo.path()));
      }
    }
    vmacs = new VirtualMacInterfaces(ctx.config().vrrpInstances().stream().filter(VrrpVerticle::supported).toList());
    return onNetlinkThread(vmacs::setUp).compose(v -> {
      try {
        return startInstances();
      } catch (Exception e) {
        return Future.failedFuture(e);
      }
    }).recover(e -> onNetlinkThread(this::tearDownNetwork).transform(x -> Future.failedFuture(e)));
  }

  /** IPv4 instances; IPv6 ones are skipped with a warning. */
  private static boolean supported(VrrpInstance vi) {
    return vi.virtualIpAddresses().stream().noneMatch(a -> a.address().isIpv6());
  }

  /** Builds the instances (their VMACs exist by now), sync groups, bus consumers; starts them. */
  private Future<?> startInstances() throws Exception {
    var g = ctx.config().global();
    List<Future<Void>> started = new ArrayList<>();
    java.util.Map<String, InstanceRunner> byName = new java.util.HashMap<>();
    java.util.Map<String, NotifyDispatcher> notifiers = new java.util.HashMap<>();
    java.util.Map<String, GarpPacer> garpPacers = new java.util.HashMap<>();
    for (VrrpInstance vi : ctx.config().vrrpInstances()) {
      if (!supported(vi)) {
        LOG.warning("(" + vi.name() + ") IPv6 instances are not supported yet - skipping");
        continue;
      }
      NotifyDispatcher notifier = new NotifyDispatcher("INSTANCE", vi.name(), vi.notifyScripts(), scripts, fifos);
      notifiers.put(vi.name(), notifier);
      InstanceNetwork net = InstanceNetwork.resolve(vi);
      // one pacer per interface: vrrp_garp_interval spaces the packets of every instance on it
      GarpPacer pacer = garpPacers.computeIfAbsent(net.interfaceName(), i -> new GarpPacer(vi.garp().interval()));
      if (AcceptModeFirewall.needs(vi) && firewall == null) {
        firewall = AcceptModeFirewall.nftables(g.nftables());
      }
      InstanceRunner r = new InstanceRunner(vertx, ctx.node(), vi, net,
          netlink, sequence, notifier, addressThread, timerThread, pacer,
          AcceptModeFirewall.needs(vi) ? firewall : null);
      runners.add(r);
      byName.put(vi.name(), r);
    }
    java.util.Map<String, List<String>> groupMembers = new java.util.HashMap<>();
    for (var sg : ctx.config().syncGroups()) {
      List<String> present = sg.instances().stream().filter(byName::containsKey).toList();
      present.forEach(m -> groupMembers.put(m, present));
      SyncGroupCoordinator group = new SyncGroupCoordinator(sg.name());
      NotifyDispatcher groupNotify = new NotifyDispatcher("GROUP", sg.name(), sg.notifyScripts(), scripts, fifos);
      List<InstanceRunner> members = new ArrayList<>();
      for (String m : sg.instances()) {
        InstanceRunner r = byName.get(m);
        if (r != null) {
          group.add(m, r.machine());
          notifiers.get(m).memberOf(group::state);
          members.add(r);
        }
      }
      for (InstanceRunner r : members) {
        r.syncGroup((instance, actions) -> {
          SyncGroupCoordinator.Propagation p = group.propagate(System.nanoTime(), instance, actions);
          p.memberActions().forEach((name, acts) -> byName.get(name).applyFromGroup(acts));
          if (p.groupChange() != null) {
            var c = p.groupChange();
            LOG.info("(" + sg.name() + ") Sync group entering " + c.to() + " STATE");
            groupNotify.transition(c.to(), 0);
            Bus.publish(vertx, Addresses.VRRP_TRANSITION, new io.vertalived.core.bus.VrrpTransition(
                ctx.node(), sequence.boot(), sequence.next(), java.time.Instant.now(), sg.name(), true, c.from().name(),
                c.to().name(), 0, c.reason()));
          }
        });
      }
    }
    statics = new StaticAddressing(ctx.config(), netlink);
    Future<Void> staticsUp = onNetlinkThread(() -> {
      statics.setUp();
      if (firewall != null) {
        firewall.setUp();
      }
    });
    Bus.answer(vertx, Addresses.VRRP_STATUS, ctx.node(), q -> onVrrpThread(() ->
        new InstanceStatusList(select(q).stream().map(InstanceRunner::status).toList())));
    Bus.answer(vertx, Addresses.VRRP_STATS, ctx.node(), q -> onVrrpThread(() ->
        new InstanceStatsList(select(q).stream().map(InstanceRunner::stats).toList())));
    VrrpCommands commands = new VrrpCommands(ctx.node(), byName, groupMembers, timerThread);
    Bus.answer(vertx, Addresses.VRRP_COMMAND, ctx.node(), commands::handle);
    Bus.consume(vertx, Addresses.TRACK_RESULT, ctx.node(), r -> {
      TrackedPriority.Kind kind = switch (r.kind()) {
        case "script" -> TrackedPriority.Kind.SCRIPT;
        case "process" -> TrackedPriority.Kind.PROCESS;
        case "file" -> TrackedPriority.Kind.FILE;
        default -> null;
      };
      if (kind == null) {
        LOG.warning("ignoring a track result of unknown kind '" + r.kind() + "' for " + r.name());
        return;
      }
      timerThread.execute(() -> runners.forEach(runner -> runner.trackResult(kind, r.name(), r.up(), r.value())));
    });
    monitor = new RtnlMonitor(events -> timerThread.execute(() -> {
      for (RtnlEvent e : events) {
        if (e instanceof RtnlEvent.Link l) {
          runners.forEach(r -> r.link(l.name(), l.usable() && !l.deleted()));
        } else if (e instanceof RtnlEvent.Address a && a.deleted()) {
          runners.forEach(r -> r.addressRemoved(a.index(), a.address()));
        } else if (e instanceof RtnlEvent.Route rt && rt.deleted()) {
          runners.forEach(r -> r.routeRemoved(rt));
        } else if (e instanceof RtnlEvent.Rule rule && rule.deleted()) {
          runners.forEach(r -> r.ruleRemoved(rule));
        }
      }
    }));
    return staticsUp.compose(v -> {
      for (InstanceRunner r : runners) {
        started.add(r.start());
      }
      return Future.all(started);
    });
  }

  /** The runners a query names: all, or the one instance (404 when this node has none of that name). */
  private List<InstanceRunner> select(InstanceQuery q) {
    if (q.instance() == null) {
      return runners;
    }
    List<InstanceRunner> one = runners.stream().filter(r -> r.name().equals(q.instance())).toList();
    if (one.isEmpty()) {
      throw new BusFailure(BusFailure.NOT_FOUND, "no VRRP instance '" + q.instance() + "' on node " + ctx.node());
    }
    return one;
  }

  /** Computes a reply on the VRRP thread, where the instances' state lives. */
  private <T> Future<T> onVrrpThread(java.util.concurrent.Callable<T> read) {
    io.vertx.core.Promise<T> p = io.vertx.core.Promise.promise();
    timerThread.execute(() -> {
      try {
        p.complete(read.call());
      } catch (Exception e) {
        p.fail(e);
      }
    });
    return p.future();
  }

  /** A job for the netlink thread. */
  private interface NetlinkJob {
    void run() throws Exception;
  }

  /** Runs a netlink job on the netlink thread, in order with the instances' address changes. */
  private Future<Void> onNetlinkThread(NetlinkJob job) {
    io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
    addressThread.execute(() -> {
      try {
        job.run();
        done.complete();
      } catch (Exception e) {
        done.fail(e);
      }
    });
    return done.future();
  }

  /** What the service set up beside the instances: static addressing, the firewall, the VMACs (netlink thread). */
  private void tearDownNetwork() {
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
  protected Future<java.util.List<String>> reload(ServiceContext next) {
    return Future.failedFuture("reloading VRRP instances is not built yet");
  }

  @Override
  public Future<?> stop() {
    List<Future<Void>> stopped = new ArrayList<>();
    for (InstanceRunner r : runners) {
      stopped.add(r.stop());
    }
    Future<Void> all = Future.join(stopped).mapEmpty();
    return all.eventually(() -> onNetlinkThread(this::tearDownNetwork))
        .eventually(() -> {
      if (monitor != null) {
        monitor.close();
      }
      if (addressThread != null) {
        addressThread.shutdown();
      }
      if (timerThread != null) {
        timerThread.shutdownNow();
      }
      if (netlink != null) {
        netlink.close();
      }
      fifos.forEach(FifoWriter::close);
      if (scripts != null) {
        scripts.close();
      }
      return Future.succeededFuture();
    });
  }
}
