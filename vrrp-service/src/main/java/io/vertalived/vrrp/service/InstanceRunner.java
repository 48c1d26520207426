package io.vertalived.vrrp.service;

import io.vertalived.core.bus.InstanceStats;
import io.vertalived.core.bus.InstanceStatus;
import io.vertalived.core.config.model.VirtualAddress;
import io.vertalived.core.config.model.VrrpInstance;
import io.vertalived.core.net.rtnl.RtnlEvent;
import io.vertalived.vrrp.packet.AdvertValidator;
import io.vertalived.vrrp.packet.ReceivedDatagram;
import io.vertalived.vrrp.packet.ReceiveProfile;
import io.vertalived.vrrp.packet.VrrpStats;
import io.vertalived.vrrp.protocol.TrackedPriority;
import io.vertalived.vrrp.protocol.TrackingController;
import io.vertalived.vrrp.protocol.VrrpAction;
import io.vertalived.vrrp.protocol.VrrpState;
import io.vertalived.vrrp.protocol.VrrpStateMachine;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.logging.Logger;

/**
 * One VRRP instance at run time: feeds its pure state machine with received adverts, timer
 * expiries, tracker results and link events, all on the node's VRRP thread, and performs the
 * actions it returns through its {@link InstanceEffects}: adverts on the wire, addresses, routes
 * and rules (on the netlink thread), gratuitous ARPs, and transitions to notifies and the bus.
 * Keeps keepalived's counters. A reload reconfigures it in place ({@link #reconfigure}).
 */
final class InstanceRunner {
  private static final Logger LOG = Logger.getLogger("io.vertalived.vrrp");
  private final VrrpThread thread;
  private final InstanceEffects fx;
  private final VrrpStats stats = new VrrpStats();
  private VrrpInstance vi;
  private VrrpStateMachine machine;
  private TrackedPriority trackers;
  private TrackingController tracking;
  private ReceiveProfile profile;
  private VrrpThread.Scheduled timer;
  /** Made once: a lambda linked at a takeover would cost time on the VRRP thread then. */
  private final Runnable onTimer = this::timerFired;
  private InetAddress lastMaster;
  /** The priority of the last accepted advert (keepalived's master_priority). */
  private int lastMasterPriority;
  /** When the state last changed, in epoch microseconds (keepalived's last_transition). */
  private long lastTransitionMicros = epochMicros();
  /** When the last accepted advert was received (nanoTime scale), 0 before any: a takeover's silence starts there. */
  private long lastHeard;
  /** Its meters (null: none). */
  private InstanceMeters meters;
  /** Another router advertising this VRID while this one is MASTER (split brain). */
  private final io.vertalived.vrrp.protocol.DualMasterWatch dualMaster;
  /** Another host answering for a VIP while MASTER (VRRP thread). */
  private final DuplicateAddressDetector duplicates;
  /** Which rejected adverts are logged (VRRP thread). */
  private final io.vertalived.vrrp.protocol.RejectedAdvertLog rejected = new io.vertalived.vrrp.protocol.RejectedAdvertLog();
  private BiConsumer<String, List<VrrpAction>> syncGroup = (name, actions) -> { };
  private Future<?> lastNotify = Future.succeededFuture();
  private Promise<VrrpAction.HandoverFinished> pendingHandover;
  /** A handed-over master's VIP removal, waiting out its linger. */
  private VrrpThread.Scheduled lingeringRemoval;
  /** False once stopped or deleted: late events are ignored. */
  private boolean running = true;
  /** In FAULT for want of an address on its interface (keepalived: counted with the trackers' faults). */
  private boolean noSource;
  /** The machine's fault count when its sync group last heard from this instance. */
  private int faultsToldToGroup;
  /** The sockets were opened once (with a source); a new source reopens them. */
  private boolean linkOpened;
  /** The address the sockets are bound to (null: none open, or their opening failed). */
  private InetAddress bound;
  /** A look-up of the interface's address is running; another address event while it runs looks again after. */
  private boolean findingSource;
  private boolean findSourceAgain;

  InstanceRunner(VrrpInstance vi, VrrpThread thread, InstanceEffects fx) {
    this.vi = vi;
    this.thread = thread;
    this.fx = fx;
    this.machine = new VrrpStateMachine(InstanceSetup.params(vi, fx.source().address()));
    this.dualMaster = new io.vertalived.vrrp.protocol.DualMasterWatch(Math.round(vi.advertInterval() * 1e9));
    this.trackers = InstanceSetup.trackers(vi);
    this.tracking = new TrackingController(trackers, machine);
    this.profile = InstanceSetup.profile(vi);
    this.duplicates = new DuplicateAddressDetector(vi, thread, fx.probe(), DuplicateAddressDetector.periodNanos(),
        this::duplicateAddress);
  }

  String name() {
    return vi.name();
  }

  VrrpInstance instance() {
    return vi;
  }

  VrrpStateMachine machine() {
    return machine;
  }

  /** Opens the sockets (a predecessor's leftovers removed first), then starts the machine. */
  Future<Void> start() {
    fx.addressing().removeLeftovers();
    Future<Void> probe = !duplicates.enabled() ? Future.succeededFuture() : fx.probe().open((address, mac) -> {
      if (duplicates.wanted(address, mac)) { // most ARP of the link is not for the VRRP thread
        thread.execute(() -> duplicates.heard(address, mac));
      }
    }).recover(e -> {
      LOG.warning("(" + vi.name() + ") no duplicate VIP detection: " + e.getMessage());
      return Future.succeededFuture();
    });
    boolean withSource = fx.source().address() != null;
    Future<Void> link = probe.compose(p -> withSource ? fx.link().open(this::receivedOnLinkThread) : Future.succeededFuture());
    return link.onSuccess(v -> thread.execute(() -> {
      linkOpened = withSource;
      bound = fx.source().address();
      if (!withSource) {
        // keepalived (vrrp_track.c): no source address, the instance starts in FAULT until one is added
        noSource = true;
        LOG.info("(" + vi.name() + ") entering FAULT state (" + InstanceNetwork.noAddress(vi) + ")");
        apply(machine.faultRaised(thread.now(), InstanceNetwork.noAddress(vi)));
      }
      apply(tracking.beforeStart(thread.now()));
      apply(machine.start(thread.now()));
      if (!withSource) {
        findSource(); // an address added before the host's address monitor started
      }
    }));
  }

  private void receivedOnLinkThread(ReceivedDatagram d, long at) {
    thread.execute(() -> received(d, at));
  }

  /** An advert the kernel received at {@code receivedAt} (nanoTime scale): its timers start then. */
  void received(ReceivedDatagram d, long receivedAt) {
    if (!running) {
      return;
    }
    if (d.payloadLength() < 2 || (d.bytes()[d.payloadOffset() + 1] & 0xff) != vi.virtualRouterId()) {
      return;
    }
    AdvertValidator.Verdict v = AdvertValidator.check(d, profile, stats, lastMaster);
    if (machine.state() == VrrpState.MASTER && !d.source().equals(fx.source().address())) {
      // accepted or not (another password, address list or interval), another router advertises this VRID
      dualMasterChanged(dualMaster.heard(d.source(), receivedAt), v.accepted() ? "a lower priority that does not yield"
          : "adverts this router refuses: " + v.reason());
    }
    if (!v.accepted()) {
      // keepalived logs each of these: a mismatched peer must be seen at the default level
      String line = v.reason() == null ? null : rejected.line(d.source(), v.reason(), receivedAt);
      if (line != null) {
        LOG.warning("(" + vi.name() + ") " + line);
      }
      return;
    }
    lastMaster = d.source();
    lastMasterPriority = v.packet().priority();
    lastHeard = receivedAt;
    apply(machine.advertReceived(receivedAt, v.packet(), d.source()));
  }

  /** Joins a sync group: every batch of actions is handed to it after it is performed. */
  void syncGroup(BiConsumer<String, List<VrrpAction>> group) {
    this.syncGroup = group;
  }

  /** Its sync group's state, for the notifies it leaves to the group; null: in none. */
  void memberOf(java.util.function.Supplier<VrrpState> groupState) {
    fx.transitions().memberOf(groupState == null ? () -> null : groupState);
  }

  /** Actions another member's transition caused (sync group). */
  void applyFromGroup(List<VrrpAction> actions) {
    apply(actions);
  }

  private void apply(List<VrrpAction> actions) {
    if (!running) {
      return;
    }
    try {
      perform(actions);
    } finally {
      // whatever went wrong above, the machine's timer runs on
      schedule();
    }
    // and without actions when only its faults changed (one raised or cleared while already in FAULT): the
    // group tells its own faults from the one it put on the member by its machine's count
    int faults = machine.faults();
    if (!actions.isEmpty() || faults != faultsToldToGroup) {
      faultsToldToGroup = faults;
      syncGroup.accept(vi.name(), actions);
    }
  }

  private void perform(List<VrrpAction> actions) {
    for (VrrpAction a : actions) {
      if (a instanceof VrrpAction.SendAdvert s) {
        if (machine.state() == VrrpState.MASTER) {
          dualMasterChanged(dualMaster.tick(thread.now(), true), null);
        }
        for (int n = fx.adverts().send(s.priority()); n > 0; n--) {
          stats.advertSent(s.priority());
        }
      } else if (a instanceof VrrpAction.AddVirtualAddresses) {
        cancelLingeringRemoval();
        fx.addressing().add();
      } else if (a instanceof VrrpAction.RemoveVirtualAddresses r && r.lingerNanos() > 0) {
        lingeringRemoval = thread.schedule(() -> {
          lingeringRemoval = null;
          if (machine.state() != VrrpState.MASTER) {
            fx.addressing().remove();
          }
        }, r.lingerNanos());
      } else if (a instanceof VrrpAction.RemoveVirtualAddresses) {
        cancelLingeringRemoval();
        fx.addressing().remove();
      } else if (a instanceof VrrpAction.SendGratuitousArp g) {
        if (g.lowerPriority()) {
          fx.announcements().lowerPriorityHeard();
        } else {
          fx.announcements().becameMaster();
        }
      } else if (a instanceof VrrpAction.ConfigurationError e) {
        LOG.severe("(" + vi.name() + ") CONFIGURATION ERROR: " + e.message());
      } else if (a instanceof VrrpAction.HandoverFinished h) {
        handoverFinished(h);
      } else if (a instanceof VrrpAction.StateChanged c) {
        lastTransitionMicros = epochMicros();
        if (c.from() == VrrpState.MASTER) {
          dualMasterChanged(dualMaster.tick(thread.now(), false), null);
        }
        if (meters != null) {
          meters.transition(c.to());
          if (c.to() == VrrpState.MASTER && c.from() == VrrpState.BACKUP
              && VrrpStateMachine.MASTER_DOWN.equals(c.reason()) && lastHeard != 0) {
            meters.failover(thread.now() - lastHeard);
          }
        }
        if (c.to() == VrrpState.MASTER) {
          stats.becameMaster();
        } else if (c.from() == VrrpState.MASTER) {
          stats.releasedMaster();
          fx.announcements().leftMaster();
        }
        lastNotify = fx.transitions().transition(vi, c.from(), c.to(), c.priority(), c.reason());
        duplicates.masterChanged(c.to() == VrrpState.MASTER); // probes after the notifies are on their way
      }
    }
  }

  /** A removal that waited out a handover's linger and would now remove the addresses of a new takeover. */
  private void cancelLingeringRemoval() {
    if (lingeringRemoval != null) {
      lingeringRemoval.cancel();
      lingeringRemoval = null;
    }
  }

  private void handoverFinished(VrrpAction.HandoverFinished h) {
    LOG.info("(" + vi.name() + ") planned handover " + (h.handedOver() ? "done: " : "failed: ") + h.outcome());
    if (pendingHandover != null) {
      var done = pendingHandover;
      pendingHandover = null;
      done.complete(h);
    }
  }

  /** On the VRRP thread, where every event runs: the machine acts at once. */
  private void timerFired() {
    timer = null;
    if (running) {
      apply(machine.timerExpired(Math.max(thread.now(), machine.nextDeadline())));
    }
  }

  private void schedule() {
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
    long deadline = machine.nextDeadline();
    if (deadline != Long.MAX_VALUE && running) {
      timer = thread.schedule(onTimer, deadline - thread.now());
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
    pendingHandover = Promise.promise();
    Future<VrrpAction.HandoverFinished> result = pendingHandover.future();
    LOG.info("(" + vi.name() + ") planned handover: priority 0 sent, the VIPs stay until a successor advertises");
    apply(machine.handover(thread.now()));
    return result;
  }

  /** Ends the no-preempt behaviour a handover left (on the VRRP thread). */
  void resumePreemption() {
    machine.resumePreemption();
    LOG.info("(" + vi.name() + ") preemption resumed");
  }

  /** A tracker result of this node. */
  void trackResult(TrackedPriority.Kind kind, String name, boolean up, long value) {
    if (running) {
      apply(tracking.result(thread.now(), kind, name, up, value));
    }
  }

  /** A link changed state (from the rtnetlink monitor). */
  void link(String name, boolean usable) {
    if (name != null && running) {
      apply(tracking.result(thread.now(), TrackedPriority.Kind.INTERFACE, name, usable, usable ? 1 : 0));
    }
  }

  /**
   * An address was removed: a VIP of ours removed behind our back while MASTER is added again; the
   * advert source removed from the interface is replaced by another of its addresses, or the
   * instance goes to FAULT until one is added (keepalived_netlink.c).
   */
  void addressRemoved(int ifindex, InetAddress address) {
    if (machine.state() == VrrpState.MASTER && running) {
      fx.addressing().addressRemoved(ifindex, address);
    }
    if (running && fx.source().follows(ifindex) && address.equals(fx.source().address())) {
      findSource();
    }
  }

  /** An address was added: an instance waiting in FAULT for an address of its interface comes up with it. */
  void addressAdded(int ifindex, InetAddress address) {
    if (running && (noSource || findingSource) && fx.source().follows(ifindex)) {
      findSource();
    }
  }

  /**
   * Looks up the interface's address now, then follows it (VRRP thread): one look-up and socket
   * change at a time; an address event meanwhile looks again once it is done.
   */
  private void findSource() {
    if (findingSource) {
      findSourceAgain = true;
      return;
    }
    findingSource = true;
    fx.source().find().onComplete(ar -> onVrrpThread(() -> {
      if (!running) {
        findingSource = false;
        return;
      }
      follow(ar.succeeded() ? ar.result() : null, ar.failed() ? ar.cause().getMessage() : null).onComplete(x -> onVrrpThread(() -> {
        findingSource = false;
        if (findSourceAgain && running) {
          findSourceAgain = false;
          findSource();
        }
      }));
    }));
  }

  /** {@code job} on the VRRP thread; nothing once the thread has stopped (the node is going down). */
  private void onVrrpThread(Runnable job) {
    try {
      thread.execute(job);
    } catch (java.util.concurrent.RejectedExecutionException stopped) {
      // the instance stopped meanwhile: nothing to follow
    }
  }

  /** Takes {@code found} as the source (null: none, FAULT): the sockets opened again bound to it. */
  private Future<Void> follow(InetAddress found, String failure) {
    if (found != null && found.equals(bound)) {
      return Future.succeededFuture();
    }
    if (found == null) {
      if (failure != null) {
        LOG.warning("(" + vi.name() + ") cannot read the addresses of " + vi.interfaceName() + ": " + failure);
      }
      lostSource();
      return Future.succeededFuture();
    }
    String text = io.vertalived.core.config.model.IpAddress.text(found);
    fx.source().address(found);
    machine.primaryAddressChanged(found);
    Future<Void> link = linkOpened ? fx.link().reopen() : fx.link().open(this::receivedOnLinkThread);
    linkOpened = true;
    Promise<Void> done = Promise.promise();
    link.onComplete(ar -> onVrrpThread(() -> {
      if (!running) {
        // stopped while the sockets opened: the stop's close may have come first
        fx.link().close();
      } else if (ar.failed()) {
        bound = null;
        LOG.warning("(" + vi.name() + ") cannot send adverts from " + text + ": " + ar.cause().getMessage());
        lostSource();
      } else {
        bound = found;
        LOG.info("(" + vi.name() + ") adverts now from " + text + " (" + vi.interfaceName() + ")");
        if (noSource) {
          noSource = false;
          apply(machine.faultCleared(thread.now(), "address " + text + " on " + vi.interfaceName()));
        }
      }
      done.complete();
    }));
    return done.future();
  }

  /** No address to send from: FAULT (a MASTER's priority 0 first, from the address it had) until one is found. */
  private void lostSource() {
    if (!noSource) {
      noSource = true;
      LOG.info("(" + vi.name() + ") entering FAULT state (" + InstanceNetwork.noAddress(vi) + ")");
      // keepalived unsets the address after down_instance, which sends priority 0
      apply(machine.faultRaised(thread.now(), InstanceNetwork.noAddress(vi)));
    }
    fx.source().address(null);
    bound = null;
  }

  /** A route was removed: a virtual route of ours removed behind our back while MASTER is added again. */
  void routeRemoved(RtnlEvent.Route removed) {
    if (machine.state() == VrrpState.MASTER && running) {
      fx.addressing().routeRemoved(removed);
    }
  }

  /** A policy rule was removed: a virtual rule of ours removed behind our back while MASTER is added again. */
  void ruleRemoved(RtnlEvent.Rule removed) {
    if (machine.state() == VrrpState.MASTER && running) {
      fx.addressing().ruleRemoved(removed);
    }
  }

  /**
   * A reload kept this instance (same identity, {@link InstanceIdentity}) with the new definition
   * {@code next} (on the VRRP thread). Nothing happens when nothing changed. Otherwise its core is
   * made anew from {@code next} and restored from the running one ({@link VrrpStateMachine#restore}):
   * a MASTER stays MASTER, keeps its addresses and advertises at once with its new priority; a
   * BACKUP stays BACKUP; no transition, no notify, no gratuitous ARP unless an address was
   * added. Trackers shared with the old definition keep their results; counters are kept.
   * Answers what changed, in words.
   */
  List<String> reconfigure(VrrpInstance next, List<io.vertalived.core.bus.TrackResult> latest) {
    List<String> changes = InstanceIdentity.changes(vi, next);
    if (changes.isEmpty()) {
      vi = next;
      return changes;
    }
    if (lingeringRemoval != null && lingeringRemoval.cancel()) {
      // a handed-over master's addresses go now, as the definition they were added with
      lingeringRemoval = null;
      fx.addressing().remove();
    }
    VrrpStateMachine before = machine;
    TrackedPriority beforeTrackers = trackers;
    VrrpInstance was = vi;
    vi = next;
    machine = new VrrpStateMachine(InstanceSetup.params(next, fx.source().address()));
    dualMaster.interval(Math.round(next.advertInterval() * 1e9));
    trackers = InstanceSetup.trackers(next);
    trackers.carryOver(beforeTrackers);
    seed(latest);
    tracking = new TrackingController(trackers, machine);
    profile = InstanceSetup.profile(next);
    fx.adverts().reconfigure(next);
    fx.announcements().reconfigure(next);
    duplicates.reconfigure(next);
    long now = thread.now();
    List<VrrpAction> actions = new java.util.ArrayList<>(tracking.beforeStart(now));
    if (noSource) {
      actions.addAll(machine.faultRaised(now, InstanceNetwork.noAddress(next)));
    }
    actions.addAll(machine.restore(now, before));
    boolean held = before.state() == VrrpState.MASTER && machine.state() == VrrpState.MASTER;
    LOG.info("(" + was.name() + ") reloaded: " + String.join("; ", changes));
    if (held) {
      // still MASTER: the differences of addresses, routes and rules; then the advert
      fx.addressing().reconfigure(next, true);
      apply(actions);
    } else {
      // a MASTER that leaves releases what it held as it was configured; then the new definition
      apply(actions);
      fx.addressing().reconfigure(next, false);
    }
    if (machine.state() == before.state() && machine.state() != VrrpState.MASTER) {
      fx.transitions().keptAtReload(vi, machine.state(), machine.effectivePriority());
    }
    return changes;
  }

  /**
   * The node's latest tracker results for the trackers this instance has not heard of (a new
   * instance before it starts, or trackers a reload added): trackers publish only changes.
   */
  void seed(List<io.vertalived.core.bus.TrackResult> latest) {
    for (io.vertalived.core.bus.TrackResult r : latest) {
      TrackedPriority.Kind kind = trackKind(r.kind());
      if (kind != null && trackers.tracks(kind, r.name()) && trackers.state(kind, r.name()) == null) {
        trackers.update(kind, r.name(), r.up(), r.value());
      }
    }
  }

  /** The kind of a {@code TrackResult}, or null for one this side does not know. */
  static TrackedPriority.Kind trackKind(String kind) {
    return switch (kind) {
      case "script" -> TrackedPriority.Kind.SCRIPT;
      case "process" -> TrackedPriority.Kind.PROCESS;
      case "file" -> TrackedPriority.Kind.FILE;
      default -> null;
    };
  }

  /** keepalived's {@code fifo_write_vrrp_states_on_reload} line of an instance the reload did not touch. */
  void keptAtReload() {
    if (machine.state() != VrrpState.MASTER) {
      fx.transitions().keptAtReload(vi, machine.state(), machine.effectivePriority());
    }
  }

  /** This instance's status; {@code syncGroup} and its state empty when it is in none (on the VRRP thread). */
  InstanceStatus status(String node, String syncGroup, String syncGroupState) {
    List<String> vips = vi.virtualIpAddresses().stream().map(VirtualAddress::cidr).toList();
    InetAddress master = machine.masterAddress();
    List<io.vertalived.core.bus.TrackerStatus> tracked = trackers.trackers().stream()
        .map(t -> new io.vertalived.core.bus.TrackerStatus(t.kind().name().toLowerCase(java.util.Locale.ROOT), t.name(),
            t.weight(), t.reverse(), t.up() == null ? "unknown" : t.up() ? "up" : "down", t.value()))
        .toList();
    return new InstanceStatus(node, Instant.now(), vi.name(), machine.state().name(), vi.priority(),
        machine.effectivePriority(), vi.virtualRouterId(), vi.interfaceName(),
        master == null ? "" : io.vertalived.core.config.model.IpAddress.text(master), vips, machine.preemptSuspended(), syncGroup, syncGroupState,
        tracked, dualMaster.raised());
  }

  /** keepalived's counters of this instance (on the VRRP thread). */
  InstanceStats stats(String node) {
    VrrpStats.Snapshot c = stats.snapshot();
    return new InstanceStats(node, Instant.now(), vi.name(), c.advertRcvd(), c.advertSent(), c.becomeMaster(),
        c.releaseMaster(), c.packetLenErr(), c.ipTtlErr(), c.invalidTypeRcvd(), c.advertIntervalErr(), c.addrListErr(),
        c.invalidAuthType(), c.authTypeMismatch(), c.authFailure(), c.priZeroRcvd(), c.priZeroSent());
  }

  VrrpStats counters() {
    return stats;
  }

  /** A split brain raised or cleared: logged, published, counted. */
  private void dualMasterChanged(io.vertalived.vrrp.protocol.DualMasterWatch.Change change, String how) {
    if (change == io.vertalived.vrrp.protocol.DualMasterWatch.Change.RAISED) {
      String peer = io.vertalived.core.config.model.IpAddress.text(dualMaster.peer());
      String detail = peer + " also advertises VRID " + vi.virtualRouterId() + " on " + vi.interfaceName()
          + " while this router is MASTER (" + how + ")";
      LOG.warning("(" + vi.name() + ") probably a DUAL MASTER situation: " + detail);
      fx.transitions().alert(vi, io.vertalived.core.bus.VrrpAlert.DUAL_MASTER, true, peer, detail);
    } else if (change == io.vertalived.vrrp.protocol.DualMasterWatch.Change.CLEARED) {
      String detail = machine.state() == VrrpState.MASTER ? "no other router advertises VRID " + vi.virtualRouterId()
          + " any more" : "this router is " + machine.state() + " now";
      LOG.info("(" + vi.name() + ") dual master over: " + detail);
      fx.transitions().alert(vi, io.vertalived.core.bus.VrrpAlert.DUAL_MASTER, false, "", detail);
    }
  }

  /** A duplicate VIP raised or cleared: logged, published, counted; a fresh burst if the operator asked. */
  private void duplicateAddress(io.vertalived.vrrp.protocol.DuplicateAddressWatch.Change c) {
    String ip = io.vertalived.core.config.model.IpAddress.text(c.address());
    if (c.raised()) {
      String detail = ip + " is also answered for by " + c.mac() + " on " + vi.interfaceName()
          + ": another host still holds this VIP (a crashed router whose kernel kept it?)";
      LOG.warning("(" + vi.name() + ") DUPLICATE VIP: " + detail);
      fx.transitions().alert(vi, io.vertalived.core.bus.VrrpAlert.DUPLICATE_VIP, true, c.mac(), detail);
      if (meters != null) {
        meters.duplicateAddress();
      }
      if (DuplicateAddressDetector.garpOnConflict()) {
        fx.announcements().conflictHeard();
      }
    } else {
      String detail = c.mac() + " no longer answers for " + ip
          + (machine.state() == VrrpState.MASTER ? "" : " (this router is " + machine.state() + " now)");
      LOG.info("(" + vi.name() + ") duplicate VIP over: " + detail);
      fx.transitions().alert(vi, io.vertalived.core.bus.VrrpAlert.DUPLICATE_VIP, false, c.mac(), detail);
    }
  }

  /** Whether another host answers for one of this MASTER's VIPs. */
  boolean duplicateAddress() {
    return duplicates.raised();
  }

  /** Whether another router is heard advertising this VRID while this one is MASTER. */
  boolean dualMaster() {
    return dualMaster.raised();
  }

  /** Measured into {@code m} from now on. */
  void meters(InstanceMeters m) {
    this.meters = m;
  }

  int basePriority() {
    return vi.priority();
  }

  private static long epochMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  /** This instance as keepalived's dumps show it (on the VRRP thread). */
  io.vertalived.vrrp.dump.InstanceSnapshot snapshot(String syncGroup) {
    long nowMicros = epochMicros();
    long deadline = machine.nextDeadline();
    long readTimeout = deadline == Long.MAX_VALUE || !running ? -1 : nowMicros + (deadline - thread.now()) / 1_000;
    java.util.Map<String, Boolean> scripts = new java.util.LinkedHashMap<>();
    vi.trackScripts().forEach(t -> scripts.put(t.name(), trackers.state(TrackedPriority.Kind.SCRIPT, t.name())));
    VrrpState state = machine.state();
    InetAddress master = machine.masterAddress();
    return new io.vertalived.vrrp.dump.InstanceSnapshot(vi, state.name(), syncGroup, machine.effectivePriority(),
        lastTransitionMicros, readTimeout, machine.masterDownInterval() / 1_000,
        state == VrrpState.BACKUP && master != null ? io.vertalived.core.config.model.IpAddress.text(master) : "",
        state == VrrpState.MASTER ? 0 : lastMasterPriority, machine.masterAdverInterval() / 1_000,
        state == VrrpState.MASTER, machine.faults(), stats.snapshot(), fx.link().descriptors(),
        fx.source().address() == null ? "(none)" : io.vertalived.core.config.model.IpAddress.text(fx.source().address()), scripts);
  }

  /** Shutdown: priority-0 advert and addresses removed if MASTER, notify STOP; then the sockets close. */
  Future<Void> stop() {
    return end(false, false);
  }

  /** A reload removed the instance: keepalived's deletion (priority 0 if MASTER, notify FAULT or DELETED). */
  Future<Void> delete() {
    return end(true, vi.notifyScripts().deleted() != null);
  }

  /**
   * The first step of a stop, on the VRRP thread as soon as SIGTERM arrives: a MASTER sends its
   * priority-0 advert and removes its addresses, every instance enters STOP (notify STOP) and
   * ignores what comes later; {@link #stop} then only closes the sockets.
   */
  void resign() {
    leave(false, false);
  }

  private void leave(boolean deleted, boolean notifyDeleted) {
    if (!running && machine.state() == VrrpState.STOP) {
      return; // resigned already
    }
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
    if (lingeringRemoval != null && lingeringRemoval.cancel()) {
      lingeringRemoval = null;
      fx.addressing().remove();
    }
    long now = thread.now();
    if (machine.state() != VrrpState.INIT) {
      apply(deleted ? machine.delete(now, notifyDeleted) : machine.shutdown(now));
    }
    running = false;
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
  }

  private Future<Void> end(boolean deleted, boolean notifyDeleted) {
    Promise<Void> ended = Promise.promise();
    thread.execute(() -> {
      leave(deleted, notifyDeleted);
      ended.complete();
    });
    return ended.future().transform(x -> lastNotify).transform(x -> fx.probe().close()).transform(x -> fx.link().close());
  }
}
