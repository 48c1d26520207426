package io.vertalived.vrrp.service;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.Bus;
import io.vertalived.core.bus.InstanceStatus;
import io.vertalived.core.bus.Sequencer;
import io.vertalived.core.bus.VrrpTransition;
import io.vertalived.core.config.model.UnicastPeer;
import io.vertalived.core.config.model.VirtualAddress;
import io.vertalived.core.config.model.VrrpInstance;
import io.vertalived.core.net.rtnl.AddressNetlink;
import io.vertalived.vrrp.net.GratuitousArp;
import io.vertalived.vrrp.net.VrrpSockets;
import io.vertalived.vrrp.packet.AdvertValidator;
import io.vertalived.vrrp.packet.Ipv4Datagram;
import io.vertalived.vrrp.packet.ReceiveProfile;
import io.vertalived.vrrp.packet.VrrpCodec;
import io.vertalived.vrrp.packet.VrrpPacket;
import io.vertalived.vrrp.packet.VrrpStats;
import io.vertalived.vrrp.protocol.InstanceParams;
import io.vertalived.vrrp.protocol.TrackedPriority;
import io.vertalived.vrrp.protocol.TrackingController;
import io.vertalived.vrrp.protocol.VrrpAction;
import io.vertalived.vrrp.protocol.VrrpState;
import io.vertalived.vrrp.protocol.VrrpStateMachine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * One VRRP instance at run time: feeds the pure state machine with received adverts and timer
 * expiries (on its event loop), and performs its actions: adverts on the raw socket, addresses
 * through netlink (on a worker), gratuitous ARP, and transitions published on the bus.
 */
final class InstanceRunner {
  private static final Logger LOG = Logger.getLogger("io.vertalived.vrrp");
  private final Vertx vertx;
  private final String node;
  private final VrrpInstance vi;
  private final InstanceNetwork net;
  private final AddressNetlink netlink;
  private final io.vertalived.core.net.rtnl.RouteNetlink routeNetlink;
  private final io.vertalived.core.net.rtnl.RuleNetlink ruleNetlink;
  private final Sequencer sequence;
  private final VrrpStateMachine machine;
  private final ReceiveProfile profile;
  private final VrrpStats stats = new VrrpStats();
  private VrrpSockets sockets;
  private GratuitousArp garp;
  /**
   * The node's VRRP thread: every state-machine event (adverts, timers, trackers, links, sync
   * groups) runs on it, so a timer that fires acts at once, without a hop to an event loop; it
   * parks with nanosecond deadlines (Vert.x timers round to milliseconds). Never blocks: netlink
   * and scripts have their own threads.
   */
  private final java.util.concurrent.ScheduledExecutorService timerThread;
  private java.util.concurrent.ScheduledFuture<?> timer;
  private final Runnable onTimerInLoop;
  private InetAddress lastMaster;
  /** One pre-started thread shared by the node's instances: netlink requests in order. */
  private final NetlinkThread addressThread;
  private final Runnable addTask;
  private final Runnable removeTask;
  /** The pending address task is a takeover: its GARP burst follows the addresses. */
  private volatile boolean garpAfterAdd;
  private final GarpAnnouncer announcer;
  private final List<InetAddress> advertAddresses;
  private final byte[] advertAuthData;
  private final List<InetAddress> advertDestinations;
  private final NotifyDispatcher notifier;
  private final TrackingController tracking;
  private java.util.function.BiConsumer<String, List<VrrpAction>> syncGroup = (name, actions) -> { };
  private Future<?> lastNotify = Future.succeededFuture();
  private io.vertx.core.Promise<VrrpAction.HandoverFinished> pendingHandover;
  /** A handed-over master's VIP removal, waiting out its linger. */
  private java.util.concurrent.ScheduledFuture<?> lingeringRemoval;

  InstanceRunner(Vertx vertx, String node, VrrpInstance vi, InstanceNetwork net,
                 NetlinkChannels channels, Sequencer sequence, NotifyDispatcher notifier,
                 NetlinkThread addressThread,
                 java.util.concurrent.ScheduledExecutorService timerThread, GarpPacer garpPacer,
                 AcceptModeFirewall firewall) {
    this.netlink = channels.addresses();
    this.routeNetlink = channels.routes();
    this.ruleNetlink = channels.rules();
    List<java.net.Inet4Address> firewalled = new ArrayList<>();
    for (VirtualAddress va : allAddresses(vi)) {
      if (va.address().address() instanceof java.net.Inet4Address a4) {
        firewalled.add(a4);
      }
    }
    this.notifier = notifier;
    this.timerThread = timerThread;

    this.addressThread = addressThread;
    this.announcer = new GarpAnnouncer(vi.name(), vi.garp(), vi.virtualIpAddresses(), timerThread, addressThread,
        this::isMaster, garpPacer);
    // built once here, so that nothing is bootstrapped for the first time at a takeover
    this.addTask = () -> {
      for (VirtualAddress va : allAddresses()) {
        try {
          netlink.add(ifindexOf(va), va, va.label());
        } catch (java.io.IOException e) {
          LOG.severe("(" + vi.name() + ") cannot add " + va.cidr() + ": " + e.getMessage());
        }
      }
      routes(true);
      if (firewall != null) {
        firewall.drop(vi.name(), firewalled);
      }
      if (garpAfterAdd) {
        garpAfterAdd = false;
        announcer.takeoverBurst();
      }
    };
    this.removeTask = () -> {
      routes(false);
      for (VirtualAddress va : allAddresses()) {
        try {
          netlink.delete(ifindexOf(va), va);
        } catch (java.io.IOException e) {
          LOG.severe("(" + vi.name() + ") cannot remove " + va.cidr() + ": " + e.getMessage());
        }
      }
      if (firewall != null) {
        firewall.accept(vi.name(), firewalled);
      }
    };
    this.vertx = vertx;
    this.node = node;
    this.vi = vi;
    this.net = net;
    this.sequence = sequence;
    this.machine = new VrrpStateMachine(new InstanceParams(vi.name(), vi.version(), vi.priority(),
        vi.advertInterval(), vi.downTimerAdverts(), vi.initialState() == VrrpInstance.State.MASTER,
        vi.nopreempt(), vi.preemptDelay(), vi.lowerPrioNoAdvert(), vi.higherPrioSendAdvert(),
        vi.garp().lowerPrioRepeat() > 0, net.source()));
    TrackedPriority trackers = new TrackedPriority(vi.priority());
    vi.trackScripts().forEach(t -> trackers.track(TrackedPriority.Kind.SCRIPT, t.name(), t.weight(), t.reverse()));
    vi.trackFiles().forEach(t -> trackers.track(TrackedPriority.Kind.FILE, t.name(), t.weight(), t.reverse()));
    vi.trackProcesses().forEach(t -> trackers.track(TrackedPriority.Kind.PROCESS, t.name(), t.weight(), t.reverse()));
    vi.trackBfds().forEach(t -> trackers.track(TrackedPriority.Kind.BFD, t.name(), t.weight(), t.reverse()));
    // link state is taken as up until a link monitor reports otherwise
    if (!vi.dontTrackPrimary()) {
      trackers.track(TrackedPriority.Kind.INTERFACE, vi.interfaceName(), 0, false, true);
    }
    for (VirtualAddress a : vi.virtualIpAddresses()) {
      if (a.device() != null && !a.noTrack()) {
        trackers.track(TrackedPriority.Kind.INTERFACE, a.device(), 0, false, true);
      }
    }
    vi.trackInterfaces().forEach(t -> trackers.track(TrackedPriority.Kind.INTERFACE, t.name(), t.weight(), t.reverse(), true));
    this.tracking = new TrackingController(trackers, machine);
    this.onTimerInLoop = this::timerFired;
    Set<InetAddress> vips = new HashSet<>();
    vi.virtualIpAddresses().forEach(a -> vips.add(a.address().address()));
    List<ReceiveProfile.Peer> peers = new ArrayList<>();
    for (UnicastPeer p : vi.unicastPeers()) {
      peers.add(new ReceiveProfile.Peer(p.address().address(), p.minTtl(), p.maxTtl()));
    }
    List<InetAddress> addresses = new ArrayList<>();
    for (VirtualAddress a : vi.virtualIpAddresses()) {
      addresses.add(a.address().address());
    }
    this.advertAddresses = List.copyOf(addresses);
    this.advertAuthData = vi.version() == 2 && vi.authType() == VrrpInstance.AuthType.PASS ? password() : new byte[8];
    List<InetAddress> destinations = new ArrayList<>();
    if (vi.unicast()) {
      for (UnicastPeer u : vi.unicastPeers()) {
        destinations.add(u.address().address());
      }
    } else {
      destinations.add(vi.mcastDstIp().address());
    }
    this.advertDestinations = List.copyOf(destinations);
    this.profile = new ReceiveProfile(vi.version(), vi.authType().ordinal(), password(),
        vi.version() == 2 ? (int) vi.advertInterval() : (int) Math.round(vi.advertInterval() * 100),
        vips, vi.unicast(), vi.mcastDstIp().address(), vi.checkUnicastSrc(), peers, vi.skipCheckAdvAddr(),
        false);
  }

  private byte[] password() {
    byte[] b = new byte[8];
    if (vi.authPass() != null) {
      byte[] raw = vi.authPass().value().getBytes(StandardCharsets.ISO_8859_1);
      System.arraycopy(raw, 0, b, 0, Math.min(8, raw.length));
    }
    return b;
  }

  /** Removes VIPs a crashed predecessor may have left, opens the sockets, starts the machine. */
  Future<Void> start() {
    return vertx.<Void>executeBlocking(() -> {
      routes(false);
      for (VirtualAddress a : allAddresses()) {
        netlink.delete(ifindexOf(a), a);
      }
      sockets = VrrpSockets.open(net.socketInterface(), net.source(), vi.mcastDstIp().address(),
          vi.unicast(), vi.unicastTtl());
      garp = new GratuitousArp(net.interfaceName(), net.mac());
      announcer.open(garp);
      sockets.receive("vrrp-rx-" + vi.name(), (bytes, len, at) -> timerThread.execute(() -> received(bytes, len, at)));
      return null;
    }).onSuccess(v -> timerThread.execute(() -> {
      apply(tracking.beforeStart(now()));
      apply(machine.start(now()));
    }));
  }

  private static long now() {
    return System.nanoTime();
  }

  /** An advert the kernel received at {@code receivedAt} (nanoTime scale): its timers start then. */
  private void received(byte[] bytes, int len, long receivedAt) {
    Ipv4Datagram d = Ipv4Datagram.parse(bytes, len);
    if (d == null || d.payloadLength() < 2 || (bytes[d.payloadOffset() + 1] & 0xff) != vi.virtualRouterId()) {
      return;
    }
    AdvertValidator.Verdict v = AdvertValidator.check(d, profile, stats, lastMaster);
    if (!v.accepted()) {
      LOG.fine(() -> "(" + vi.name() + ") advert from " + d.source().getHostAddress() + " ignored: " + v.reason());
      return;
    }
    lastMaster = d.source();
    apply(machine.advertReceived(receivedAt, v.packet(), d.source()));
  }

  VrrpStateMachine machine() {
    return machine;
  }

  String name() {
    return vi.name();
  }

  /** Joins a sync group: every batch of actions is handed to it after it is performed. */
  void syncGroup(java.util.function.BiConsumer<String, List<VrrpAction>> group) {
    this.syncGroup = group;
  }

  /** Actions another member's transition caused (sync group). */
  void applyFromGroup(List<VrrpAction> actions) {
    apply(actions);
  }

  private void apply(List<VrrpAction> actions) {
    for (VrrpAction a : actions) {
      if (a instanceof VrrpAction.SendAdvert s) {
        sendAdvert(s.priority());
      } else if (a instanceof VrrpAction.AddVirtualAddresses) {
        // the GARP of this takeover is sent by the same task, right after the addresses
        garpAfterAdd = true;
        // on this thread when the netlink thread is idle: no hand-over between the timer and the VIP
        addressThread.runNowIfIdle(addTask);
      } else if (a instanceof VrrpAction.RemoveVirtualAddresses r && r.lingerNanos() > 0) {
        garpAfterAdd = false;
        lingeringRemoval = timerThread.schedule(() -> {
          lingeringRemoval = null;
          if (machine.state() != VrrpState.MASTER) {
            addressThread.execute(removeTask);
          }
        }, r.lingerNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
      } else if (a instanceof VrrpAction.RemoveVirtualAddresses) {
        garpAfterAdd = false;
        addressThread.execute(removeTask);
      } else if (a instanceof VrrpAction.SendGratuitousArp g) {
        if (g.lowerPriority()) {
          announcer.lowerPriorityHeard();
        } else {
          announcer.becameMaster();
        }
      } else if (a instanceof VrrpAction.ConfigurationError e) {
        LOG.severe("(" + vi.name() + ") CONFIGURATION ERROR: " + e.message());
      } else if (a instanceof VrrpAction.HandoverFinished h) {
        LOG.info("(" + vi.name() + ") planned handover " + (h.handedOver() ? "done: " : "failed: ") + h.outcome());
        if (pendingHandover != null) {
          var done = pendingHandover;
          pendingHandover = null;
          done.complete(h);
        }
      } else if (a instanceof VrrpAction.StateChanged c) {
        if (c.to() == VrrpState.MASTER) {
          stats.becameMaster();
        } else if (c.from() == VrrpState.MASTER) {
          stats.releasedMaster();
          announcer.leftMaster();
        }
        LOG.info("(" + vi.name() + ") Entering " + c.to() + " STATE (" + c.reason() + ")");
        lastNotify = notifier.transition(c.to(), c.priority());
        Bus.publish(vertx, Addresses.VRRP_TRANSITION, new VrrpTransition(node, sequence.boot(), sequence.next(),
            Instant.now(), vi.name(), false, c.from().name(), c.to().name(), c.priority(), c.reason()));
      }
    }
    schedule();
    if (!actions.isEmpty()) {
      syncGroup.accept(vi.name(), actions);
    }
  }

  /**
   * One advert now. What does not change (addresses, auth data, destinations) was computed once
   * in the constructor: the first advert of a takeover links no lambda and loads no class.
   */
  private void sendAdvert(int priority) {
    VrrpPacket p = new VrrpPacket(vi.version(), VrrpPacket.TYPE_ADVERTISEMENT, vi.virtualRouterId(),
        priority, vi.version() == 2 ? vi.authType().ordinal() : 0, profile.advertInterval(), 0, advertAddresses,
        advertAuthData);
    for (InetAddress dst : advertDestinations) {
      try {
        sockets.send(VrrpCodec.encode(p, net.source(), dst, false), dst);
        stats.advertSent(priority);
      } catch (java.io.IOException e) {
        LOG.warning("(" + vi.name() + ") cannot send advert: " + e.getMessage());
      }
    }
  }

  private boolean isMaster() {
    return machine.state() == VrrpState.MASTER;
  }

  /** On the VRRP thread, where every event runs: the machine acts at once. */
  private void timerFired() {
    timer = null;
    apply(machine.timerExpired(Math.max(now(), machine.nextDeadline())));
  }

  private void schedule() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
    long deadline = machine.nextDeadline();
    if (deadline == Long.MAX_VALUE) {
      return;
    }
    timer = timerThread.schedule(onTimerInLoop, Math.max(0, deadline - now()), java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  /**
   * Adds or removes the {@code virtual_routes} (on the address thread: after the VIPs on a
   * takeover, before them on a release, as keepalived orders them). A route that cannot be
   * encoded or is refused is logged and the others go on.
   */
  /** The virtual routes and rules: rules after routes on the way up, before them on the way down. */
  private void routes(boolean add) {
    // loops, not forEach: a lambda's first call would be linked during a takeover
    if (!add) {
      for (io.vertalived.core.config.model.RouteSpec r : vi.virtualRules()) {
        rule(r, false);
      }
    }
    for (io.vertalived.core.config.model.RouteSpec r : vi.virtualRoutes()) {
      route(r, add);
    }
    if (add) {
      for (io.vertalived.core.config.model.RouteSpec r : vi.virtualRules()) {
        rule(r, true);
      }
    }
  }

  private void rule(io.vertalived.core.config.model.RouteSpec r, boolean add) {
    try {
      if (add) {
        ruleNetlink.add(r);
      } else {
        ruleNetlink.delete(r);
      }
    } catch (java.io.IOException | IllegalArgumentException e) {
      LOG.severe("(" + vi.name() + ") cannot " + (add ? "add" : "remove") + " virtual rule "
          + String.join(" ", r.words()) + ": " + e.getMessage());
    }
  }

  private void route(io.vertalived.core.config.model.RouteSpec r, boolean add) {
    try {
      // a unicast route with neither gateway nor device goes out of the instance's interface;
      // blackhole, unreachable, prohibit and the like take no device
      boolean unicast = r.type() == null || r.type().equals("unicast");
      int oif = r.device() != null ? ifindexOf(r.device()) : unicast && r.via() == null ? net.ifindex() : 0;
      if (add) {
        routeNetlink.add(r, oif);
      } else {
        routeNetlink.delete(r, oif);
      }
    } catch (java.io.IOException | IllegalArgumentException e) {
      LOG.severe("(" + vi.name() + ") cannot " + (add ? "add" : "remove") + " virtual route "
          + String.join(" ", r.words()) + ": " + e.getMessage());
    }
  }

  private int ifindexOf(String device) throws java.net.SocketException {
    if (device.equals(net.interfaceName())) {
      return net.ifindex();
    }
    java.net.NetworkInterface ni = java.net.NetworkInterface.getByName(device);
    if (ni == null) {
      throw new java.net.SocketException("interface " + device + " not found");
    }
    return ni.getIndex();
  }

  private List<VirtualAddress> allAddresses() {
    return allAddresses(vi);
  }

  /** The VIPs and eVIPs of {@code vi}. */
  private static List<VirtualAddress> allAddresses(VrrpInstance vi) {
    List<VirtualAddress> all = new ArrayList<>(vi.virtualIpAddresses());
    all.addAll(vi.excludedAddresses());
    return all;
  }

  private int ifindexOf(VirtualAddress a) throws java.net.SocketException {
    if (a.device() == null) {
      return net.ifindex();
    }
    try {
      return ifindexOf(a.device());
    } catch (java.net.SocketException e) {
      throw new java.net.SocketException("interface " + a.device() + " of " + a.cidr() + " not found");
    }
  }

  /**
   * Planned handover (on the VRRP thread): completes when a successor has taken over or the
   * handover ended without one; fails at once with the reason it cannot start.
   */
  Future<VrrpAction.HandoverFinished> handover() {
    String refusal = machine.handoverRefusal();
    if (refusal != null) {
      return Future.failedFuture(refusal);
    }
    pendingHandover = io.vertx.core.Promise.promise();
    Future<VrrpAction.HandoverFinished> result = pendingHandover.future();
    LOG.info("(" + vi.name() + ") planned handover: priority 0 sent, the VIPs stay until a successor advertises");
    apply(machine.handover(now()));
    return result;
  }

  /** Ends the no-preempt behaviour a handover left (on the VRRP thread). */
  void resumePreemption() {
    machine.resumePreemption();
    LOG.info("(" + vi.name() + ") preemption resumed");
  }

  /** A tracker result of this node (from {@code Addresses.trackResults(node)}). */
  void trackResult(TrackedPriority.Kind kind, String name, boolean up, long value) {
    apply(tracking.result(now(), kind, name, up, value));
  }

  /** A link changed state (from the rtnetlink monitor). */
  void link(String name, boolean usable) {
    if (name != null) {
      apply(tracking.result(now(), TrackedPriority.Kind.INTERFACE, name, usable, usable ? 1 : 0));
    }
  }

  /**
   * An address was removed: a VIP of ours removed behind our back while MASTER is re-added,
   * unless it is {@code no_track}, as keepalived does.
   */
  void addressRemoved(int ifindex, InetAddress address) {
    if (machine.state() != VrrpState.MASTER) {
      return;
    }
    for (VirtualAddress va : allAddresses()) {
      try {
        if (!va.noTrack() && va.address().address().equals(address) && ifindexOf(va) == ifindex) {
          LOG.warning("(" + vi.name() + ") VIP " + va.cidr() + " was removed behind our back - re-adding");
          addressThread.execute(() -> {
            try {
              netlink.add(ifindex, va, va.label());
            } catch (java.io.IOException e) {
              LOG.severe("(" + vi.name() + ") cannot re-add " + va.cidr() + ": " + e.getMessage());
            }
          });
        }
      } catch (java.net.SocketException e) {
        // the VIP's interface is gone; the link tracker handles that
      }
    }
  }

  /**
   * A route was removed: a virtual route of ours (same table, destination and prefix) removed
   * behind our back while MASTER is added again, unless it is {@code no_track}, as keepalived
   * does. Our own removals come after the state has left MASTER.
   */
  void routeRemoved(io.vertalived.core.net.rtnl.RtnlEvent.Route removed) {
    if (machine.state() != VrrpState.MASTER) {
      return;
    }
    for (io.vertalived.core.config.model.RouteSpec r : vi.virtualRoutes()) {
      if (!r.noTrack() && sameRoute(r, removed)) {
        LOG.warning("(" + vi.name() + ") virtual route " + String.join(" ", r.words()) + " was removed behind our back - re-adding");
        addressThread.execute(() -> route(r, true));
      }
    }
  }

  /**
   * A policy rule was removed: a virtual rule of ours deleted behind our back while MASTER is
   * added again, unless {@code no_track}, as keepalived does.
   */
  void ruleRemoved(io.vertalived.core.net.rtnl.RtnlEvent.Rule removed) {
    if (machine.state() != VrrpState.MASTER) {
      return;
    }
    for (io.vertalived.core.config.model.RouteSpec r : vi.virtualRules()) {
      if (!r.noTrack() && removed.match().equals(io.vertalived.core.net.rtnl.RuleNetlink.match(r))) {
        LOG.warning("(" + vi.name() + ") virtual rule " + String.join(" ", r.words()) + " was removed behind our back - re-adding");
        addressThread.execute(() -> rule(r, true));
      }
    }
  }

  static boolean sameRoute(io.vertalived.core.config.model.RouteSpec r, io.vertalived.core.net.rtnl.RtnlEvent.Route e) {
    Integer table = r.table() == null ? Integer.valueOf(254) : io.vertalived.core.net.rtnl.RouteTables.lookup(r.table());
    if (table == null || table != e.table()) {
      return false;
    }
    String dest = r.destination().equals("default") ? "0.0.0.0/0" : r.destination();
    int slash = dest.indexOf('/');
    int prefix = slash < 0 ? 32 : Integer.parseInt(dest.substring(slash + 1));
    var address = io.vertalived.core.config.model.IpAddress.parse(slash < 0 ? dest : dest.substring(0, slash));
    return prefix == e.prefixLength() && address.isPresent() && address.get().address().equals(e.destination());
  }

  InstanceStatus status() {
    List<String> vips = vi.virtualIpAddresses().stream().map(VirtualAddress::cidr).toList();
    InetAddress master = machine.masterAddress();
    return new InstanceStatus(node, Instant.now(), vi.name(), machine.state().name(),
        vi.priority(), machine.effectivePriority(), vi.virtualRouterId(), vi.interfaceName(),
        master == null ? "" : master.getHostAddress(), vips, machine.preemptSuspended());
  }

  /** keepalived's counters of this instance (on the VRRP thread). */
  io.vertalived.core.bus.InstanceStats stats() {
    VrrpStats.Snapshot c = stats.snapshot();
    return new io.vertalived.core.bus.InstanceStats(node, Instant.now(), vi.name(),
        c.advertRcvd(), c.advertSent(), c.becomeMaster(), c.releaseMaster(), c.packetLenErr(), c.ipTtlErr(),
        c.invalidTypeRcvd(), c.advertIntervalErr(), c.addrListErr(), c.invalidAuthType(),
        c.authTypeMismatch(), c.authFailure(), c.priZeroRcvd(), c.priZeroSent());
  }

  /** Shutdown: priority-0 advert and addresses removed if MASTER; then the sockets close. */
  Future<Void> stop() {
    io.vertx.core.Promise<Void> removed = io.vertx.core.Promise.promise();
    timerThread.execute(() -> {
      if (timer != null) {
        timer.cancel(false);
      }
      if (lingeringRemoval != null && lingeringRemoval.cancel(false)) {
        addressThread.execute(removeTask);
      }
      apply(machine.shutdown(now()));
      addressThread.execute(removed::complete);
    });
    return removed.future().transform(x -> lastNotify).transform(x -> vertx.executeBlocking(() -> {
      if (sockets != null) {
        sockets.close();
      }
      if (garp != null) {
        garp.close();
      }
      return null;
    }));
  }
}
