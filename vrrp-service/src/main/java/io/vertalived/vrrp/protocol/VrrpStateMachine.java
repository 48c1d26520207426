package io.vertalived.vrrp.protocol;

import io.vertalived.vrrp.packet.VrrpPacket;
import io.vertalived.vrrp.protocol.VrrpAction.AddVirtualAddresses;
import io.vertalived.vrrp.protocol.VrrpAction.HandoverFinished;
import io.vertalived.vrrp.protocol.VrrpAction.RemoveVirtualAddresses;
import io.vertalived.vrrp.protocol.VrrpAction.SendAdvert;
import io.vertalived.vrrp.protocol.VrrpAction.SendGratuitousArp;
import io.vertalived.vrrp.protocol.VrrpAction.StateChanged;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One VRRP instance as RFC 5798 section 6.4 (and RFC 3768 6.4) describes it, with keepalived's
 * semantics (keepalived.conf(5) VRRP instance(s), track_* weights; RFC 5798 6.1; RFC 5798 6.4). Pure: the caller passes the time ({@code now}, nanoseconds of a
 * monotonic clock) with every event and performs the returned actions; {@link #nextDeadline()}
 * says when to call {@link #timerExpired(long)}. One thread at a time.
 */
public final class VrrpStateMachine {
  /** The reason of a takeover because the master fell silent (RFC 5798 6.4.2 Master_Down_Timer). */
  public static final String MASTER_DOWN = "master down timer expired";

  /**
   * How long a handed-over master keeps its VIPs after the successor's first advert: the
   * successor sends its gratuitous ARP right after that advert (RFC 5798 6.4), and clients must
   * have it before the old holder stops answering.
   */
  public static final long HANDOVER_LINGER_NANOS = 20_000_000L;
  private InstanceParams p;
  private final long ownAdverInterval;
  private VrrpState state = VrrpState.INIT;
  private int priority;
  /** Another router advertised 255 too: we gave up ownership (254) for good, as keepalived 2.2.7. */
  private boolean ownerDemoted;
  private int faults;
  private long masterAdverInterval;
  private long deadline = Long.MAX_VALUE;
  private long preemptAllowedAt;
  private InetAddress masterAddress;
  private java.util.function.BooleanSupplier masterGate = () -> true;
  private boolean wantsMaster;
  /** A planned handover is running: priority 0 sent, VIPs kept until a successor speaks. */
  private boolean handingOver;
  /** A sync-group peer yielded while we were handing over: yield too if nobody takes over. */
  private boolean yieldWhenHandoverEnds;
  /** After a handover: behave as {@code nopreempt} until MASTER again or resumed. */
  private boolean preemptSuspended;

  public VrrpStateMachine(InstanceParams params) {
    this.p = params;
    this.priority = params.priority();
    this.ownAdverInterval = InstanceTiming.nanos(params.advertInterval());
    this.masterAdverInterval = ownAdverInterval;
  }

  public VrrpState state() {
    return state;
  }

  public int effectivePriority() {
    return priority;
  }

  /** The master we follow (BACKUP), ourselves (MASTER), or null. */
  public InetAddress masterAddress() {
    return masterAddress;
  }

  /**
   * Sync groups (keepalived.conf(5) VRRP synchronization group(s)): a member whose down timer expires becomes MASTER only if the gate
   * allows it; otherwise it keeps waiting as BACKUP and {@link #wantsMaster()} says so.
   */
  public void setMasterGate(java.util.function.BooleanSupplier gate) {
    this.masterGate = gate;
  }

  /** BACKUP whose Master_Down_Timer has expired but whose group holds it back. */
  public boolean wantsMaster() {
    return state == VrrpState.BACKUP && wantsMaster;
  }

  /** The Master_Adver_Interval in force, in nanoseconds (RFC 5798 6.1). */
  public long masterAdverInterval() {
    return masterAdverInterval;
  }

  /**
   * The advert source changed (the interface's address in use was deleted and another taken, or one
   * appeared while there was none): the tie-break of RFC 5798 6.4.3 compares the new one.
   */
  public void primaryAddressChanged(InetAddress address) {
    if (state == VrrpState.MASTER && masterAddress != null && masterAddress.equals(p.primaryAddress())) {
      masterAddress = address;
    }
    p = p.withPrimaryAddress(address);
  }

  /** Faults raised (unweighted trackers down, interfaces down, no source address) and not cleared. */
  public int faults() {
    return faults;
  }

  /** When {@link #timerExpired(long)} is due; {@link Long#MAX_VALUE} when no timer runs. */
  public long nextDeadline() {
    return deadline;
  }

  /** The Master_Down_Interval in force (RFC 5798 6.1), for status and tests. */
  public long masterDownInterval() {
    return InstanceTiming.masterDownInterval(p.version(), priority, masterAdverInterval, p.downTimerAdverts());
  }

  // ---- events ----

  /** RFC 5798 6.4.1 Initialize, with keepalived's start-up rules (RFC 5798 6.1). */
  public List<VrrpAction> start(long now) {
    List<VrrpAction> out = new ArrayList<>();
    if (p.preemptDelay() > 0) {
      preemptAllowedAt = now + InstanceTiming.nanos(p.preemptDelay());
    }
    if (faults > 0) {
      enter(VrrpState.FAULT, "fault at start-up", out);
      return out;
    }
    startFromInit(now, "start-up", out);
    return out;
  }

  private void startFromInit(long now, String why, List<VrrpAction> out) {
    masterAdverInterval = ownAdverInterval;
    if (addressOwner() && p.wantMaster()) {
      // "If the Priority = 255 ... transition to the Master state" (6.4.1)
      becomeMaster(now, why + " as address owner", out);
      return;
    }
    enter(VrrpState.BACKUP, why, out);
    masterAddress = null;
    if (p.wantMaster()) {
      // keepalived: state MASTER below 255 waits one interval plus the minimum skew
      deadline = now + masterAdverInterval + InstanceTiming.minimumSkew(p.version(), masterAdverInterval);
    } else {
      deadline = now + masterDownInterval();
    }
  }

  /** A validated advertisement from {@code source}. */
  public List<VrrpAction> advertReceived(long now, VrrpPacket advert, InetAddress source) {
    List<VrrpAction> out = new ArrayList<>();
    if (state == VrrpState.BACKUP) {
      backupReceives(now, advert, source);
    } else if (state == VrrpState.MASTER) {
      masterReceives(now, advert, source, out);
    }
    return out;
  }

  /** RFC 5798 6.4.2 Backup: "If an ADVERTISEMENT is received ...". */
  private void backupReceives(long now, VrrpPacket advert, InetAddress source) {
    if (advert.priority() == 0) {
      // "If the Priority in the ADVERTISEMENT is zero, then: Set the Master_Down_Timer to Skew_Time"
      deadline = now + InstanceTiming.skewTime(p.version(), priority, masterAdverInterval);
      return;
    }
    boolean preemptDelayed = preemptAllowedAt != 0 && now < preemptAllowedAt;
    if (p.nopreempt() || preemptSuspended || advert.priority() >= priority || preemptDelayed) {
      wantsMaster = false;
      if (p.version() == 3) {
        // "Set Master_Adver_Interval to Adver Interval contained in the ADVERTISEMENT"
        masterAdverInterval = Math.max(1, advert.maxAdvertInterval()) * 10_000_000L;
      }
      masterAddress = source;
      deadline = now + masterDownInterval();
      return;
    }
    // lower priority and we may preempt: discard; the down timer keeps running
    if (p.preemptDelay() > 0 && preemptAllowedAt == 0) {
      preemptAllowedAt = now + InstanceTiming.nanos(p.preemptDelay());
      masterAddress = source;
      deadline = now + masterDownInterval();
    }
  }

  /** RFC 5798 6.4.3 Master: "If an ADVERTISEMENT is received ...". */
  private void masterReceives(long now, VrrpPacket advert, InetAddress source, List<VrrpAction> out) {
    if (handingOver) {
      if (advert.priority() > 0) {
        handedOverTo(now, advert, source, out);
      }
      // an answer to another leaver's priority 0 would stop our successor's Skew_Time
      return;
    }
    if (advert.priority() == 0) {
      // "Send an ADVERTISEMENT; Reset the Adver_Timer to Advertisement_Interval"
      out.add(new SendAdvert(priority));
      deadline = now + ownAdverInterval;
      return;
    }
    if (advert.priority() == 255 && priority == 255 && compareAddresses(source, p.primaryAddress()) != 0) {
      // RFC 5798 6.1: one router owns the addresses. keepalived 2.2.7 (vrrp_state_master_rx)
      // takes a second owner as a configuration error and lowers itself to 254, for good; the
      // comparison below then makes it yield to the other owner
      ownerDemoted = true;
      priority = 254;
      out.add(new VrrpAction.ConfigurationError("local instance and a remote instance (" + io.vertalived.core.config.model.IpAddress.text(source)
          + ") are both configured as address owner, please fix - reducing local priority"));
    }
    int cmp = Integer.compare(advert.priority(), priority);
    if (cmp == 0) {
      cmp = compareAddresses(source, p.primaryAddress());
    }
    if (cmp > 0) {
      // higher priority, or equal priority from a greater primary address: yield, without a
      // priority-0 advert (RFC 5798 6.4)
      if (p.higherPrioSendAdvert()) {
        out.add(new SendAdvert(priority));
      }
      out.add(new RemoveVirtualAddresses());
      if (p.version() == 3) {
        masterAdverInterval = Math.max(1, advert.maxAdvertInterval()) * 10_000_000L;
      }
      masterAddress = source;
      enter(VrrpState.BACKUP, (advert.priority() > priority ? "higher priority" : "equal priority")
          + " advert from " + io.vertalived.core.config.model.IpAddress.text(source), out);
      deadline = now + masterDownInterval();
      return;
    }
    if (cmp < 0) {
      // keepalived: a master hearing a lower priority answers at once unless
      // lower_prio_no_advert (RFC 9568), and may re-GARP
      if (!p.lowerPrioNoAdvert()) {
        out.add(new SendAdvert(priority));
        deadline = now + ownAdverInterval;
      }
      if (p.garpOnLowerPriority()) {
        out.add(new SendGratuitousArp(true));
      }
    }
  }

  // ---- planned handover (beyond keepalived; docs/vrrp.md) ----

  /** Why a handover cannot start now, or null when it can. */
  public String handoverRefusal() {
    if (state != VrrpState.MASTER) {
      return p.name() + " is " + state + ", not MASTER";
    }
    if (addressOwner()) {
      return p.name() + " is the address owner (priority 255) and always takes the addresses back";
    }
    return handingOver ? p.name() + " is already handing over" : null;
  }

  /**
   * Starts a planned handover: one priority-0 advert, as keepalived's graceful stop sends, so
   * that every backup sets its Master_Down_Timer to its Skew_Time (RFC 5798 6.4.2) and the
   * highest-priority one takes over first; but unlike a stop we keep the VIPs and answer
   * clients until the successor's first advert arrives, so clients never see a gap. We stop
   * sending adverts meanwhile. If no successor speaks within the longest Master_Down_Interval
   * a backup can have, we resume advertising and stay MASTER.
   */
  public List<VrrpAction> handover(long now) {
    List<VrrpAction> out = new ArrayList<>();
    if (handoverRefusal() != null) {
      return out;
    }
    handingOver = true;
    yieldWhenHandoverEnds = false;
    out.add(new SendAdvert(0));
    deadline = now + InstanceTiming.masterDownInterval(p.version(), 1, ownAdverInterval, p.downTimerAdverts());
    return out;
  }

  /** The successor spoke: BACKUP without a priority-0 advert, and no preempting back. */
  private void handedOverTo(long now, VrrpPacket advert, InetAddress source, List<VrrpAction> out) {
    handingOver = false;
    preemptSuspended = true;
    out.add(new RemoveVirtualAddresses(HANDOVER_LINGER_NANOS));
    if (p.version() == 3) {
      masterAdverInterval = Math.max(1, advert.maxAdvertInterval()) * 10_000_000L;
    }
    masterAddress = source;
    enter(VrrpState.BACKUP, "handed over to " + io.vertalived.core.config.model.IpAddress.text(source), out);
    out.add(new HandoverFinished(true, p.name() + " handed over to " + io.vertalived.core.config.model.IpAddress.text(source)));
    deadline = now + masterDownInterval();
  }

  /** Nobody took over in time: advertise again (the VIPs never left). */
  private void handoverTimedOut(long now, List<VrrpAction> out) {
    handingOver = false;
    String why = "no backup took over within the longest Master_Down_Interval";
    if (yieldWhenHandoverEnds) {
      yieldWhenHandoverEnds = false;
      out.add(new HandoverFinished(false, p.name() + ": " + why + "; its sync group is BACKUP"));
      out.addAll(forceBackup(now, "sync group yielded during a handover"));
      return;
    }
    out.add(new SendAdvert(priority));
    out.add(new HandoverFinished(false, p.name() + ": " + why + "; it stays MASTER"));
    deadline = now + ownAdverInterval;
  }

  /** Ends the {@code nopreempt} behaviour a handover left: preempt again if configured to. */
  public void resumePreemption() {
    preemptSuspended = false;
  }

  /** True after a handover until MASTER again or {@link #resumePreemption()}. */
  public boolean preemptSuspended() {
    return preemptSuspended;
  }

  public boolean handingOver() {
    return handingOver;
  }

  /** The Master_Down_Timer (BACKUP) or Adver_Timer (MASTER) fired. */
  public List<VrrpAction> timerExpired(long now) {
    List<VrrpAction> out = new ArrayList<>();
    if (now < deadline) {
      return out;
    }
    if (state == VrrpState.BACKUP) {
      // 6.4.2 "If the Master_Down_Timer fires"
      if (!masterGate.getAsBoolean()) {
        wantsMaster = true;
        deadline = now + masterDownInterval();
        return out;
      }
      becomeMaster(now, MASTER_DOWN, out);
    } else if (state == VrrpState.MASTER && handingOver) {
      handoverTimedOut(now, out);
    } else if (state == VrrpState.MASTER) {
      // 6.4.3 "If the Adver_Timer fires"
      out.add(new SendAdvert(priority));
      deadline = now + ownAdverInterval;
    } else {
      deadline = Long.MAX_VALUE;
    }
    return out;
  }

  /** A waiting sync-group member is let through once every member wants MASTER. */
  public List<VrrpAction> promote(long now, String reason) {
    List<VrrpAction> out = new ArrayList<>();
    if (wantsMaster()) {
      becomeMaster(now, reason, out);
    }
    return out;
  }

  /** Another sync-group member yielded: a MASTER follows it to BACKUP (keepalived.conf(5) VRRP synchronization group(s)). */
  public List<VrrpAction> forceBackup(long now, String reason) {
    List<VrrpAction> out = new ArrayList<>();
    if (handingOver) {
      // keep serving until our own successor speaks (or the handover times out)
      yieldWhenHandoverEnds = true;
      return out;
    }
    if (state == VrrpState.MASTER) {
      out.add(new RemoveVirtualAddresses());
      enter(VrrpState.BACKUP, reason, out);
      masterAddress = null;
      deadline = now + masterDownInterval();
    }
    wantsMaster = false;
    return out;
  }

  private void becomeMaster(long now, String why, List<VrrpAction> out) {
    wantsMaster = false;
    preemptSuspended = false;
    masterAdverInterval = ownAdverInterval;
    out.add(new SendAdvert(priority));
    out.add(new AddVirtualAddresses());
    out.add(new SendGratuitousArp(false));
    masterAddress = p.primaryAddress();
    preemptAllowedAt = 0;
    enter(VrrpState.MASTER, why, out);
    deadline = now + ownAdverInterval;
  }

  /** Priority 255 as configured, unless another owner made us give it up. */
  private boolean addressOwner() {
    return p.addressOwner() && !ownerDemoted;
  }

  /** The effective priority changed (weighted trackers, keepalived.conf(5) VRRP instance(s), track_* weights); the skew follows it. */
  public List<VrrpAction> priorityChanged(long now, int effectivePriority) {
    if (!addressOwner()) {
      priority = Math.max(1, Math.min(254, effectivePriority));
    }
    return List.of();
  }

  /** An unweighted tracker failed, or the interface went down (keepalived.conf(5) VRRP instance(s), track_* weights). Counted. */
  public List<VrrpAction> faultRaised(long now, String reason) {
    List<VrrpAction> out = new ArrayList<>();
    faults++;
    if (faults == 1 && state != VrrpState.INIT && state != VrrpState.STOP) {
      if (state == VrrpState.MASTER) {
        out.add(new SendAdvert(0));
        out.add(new RemoveVirtualAddresses());
      }
      enter(VrrpState.FAULT, reason, out);
      deadline = Long.MAX_VALUE;
      masterAddress = null;
    }
    return out;
  }

  /** One fault cleared; leaving FAULT when none is left (keepalived.conf(5) VRRP instance(s), track_* weights: to BACKUP, or MASTER as owner). */
  public List<VrrpAction> faultCleared(long now, String reason) {
    List<VrrpAction> out = new ArrayList<>();
    if (faults > 0 && --faults == 0 && state == VrrpState.FAULT) {
      startFromInit(now, reason, out);
    }
    return out;
  }

  /**
   * A reload (keepalived's restore of a matched instance): this machine, made from the new
   * configuration, takes over the state of {@code before}, the running instance's. A MASTER stays
   * MASTER with no transition and advertises at once with its new priority; a BACKUP stays BACKUP
   * and its Master_Down_Timer starts again with the new timers; one that was FAULT and still is
   * stays FAULT without a transition. Otherwise (trackers now hold it in FAULT, or it was not
   * running) it starts as at start-up, with the transitions that brings. The learned master,
   * {@code preempt_delay} and a second owner's demotion start over, as in keepalived; a planned
   * handover's suspended preemption is kept.
   */
  public List<VrrpAction> restore(long now, VrrpStateMachine before) {
    List<VrrpAction> out = new ArrayList<>();
    preemptSuspended = before.preemptSuspended;
    VrrpState was = before.state;
    if (before.handingOver) {
      out.add(new HandoverFinished(false, p.name() + ": handover cut short (reload); it stays MASTER"));
    }
    if (faults > 0) {
      if (was == VrrpState.FAULT) {
        state = VrrpState.FAULT;
        deadline = Long.MAX_VALUE;
        return out;
      }
      if (was == VrrpState.MASTER) {
        out.add(new SendAdvert(0));
        out.add(new RemoveVirtualAddresses());
      }
      state = was == VrrpState.MASTER || was == VrrpState.BACKUP ? was : VrrpState.INIT;
      enter(VrrpState.FAULT, "fault at reload", out);
      deadline = Long.MAX_VALUE;
      return out;
    }
    if (was == VrrpState.MASTER) {
      state = VrrpState.MASTER;
      masterAdverInterval = ownAdverInterval;
      masterAddress = p.primaryAddress();
      out.add(new SendAdvert(priority));
      deadline = now + ownAdverInterval;
    } else if (was == VrrpState.BACKUP) {
      state = VrrpState.BACKUP;
      masterAdverInterval = ownAdverInterval;
      masterAddress = before.masterAddress;
      deadline = now + masterDownInterval();
    } else {
      state = was == VrrpState.FAULT ? VrrpState.FAULT : VrrpState.INIT;
      startFromInit(now, was == VrrpState.FAULT ? "fault cleared at reload" : "reload", out);
    }
    return out;
  }

  /**
   * A reload removed this instance (keepalived's clear_diff_vrrp): a MASTER sends priority 0 and
   * releases its addresses; the notifies say DELETED with {@code notify_deleted}, else FAULT,
   * and nothing when it was FAULT already and {@code notify_deleted} is not set.
   */
  public List<VrrpAction> delete(long now, boolean notifyDeleted) {
    List<VrrpAction> out = new ArrayList<>();
    if (state == VrrpState.MASTER) {
      out.add(new SendAdvert(0));
      out.add(new RemoveVirtualAddresses());
    }
    VrrpState was = state;
    deadline = Long.MAX_VALUE;
    if (notifyDeleted) {
      enter(VrrpState.DELETED, "removed by a reload", out);
    } else if (was != VrrpState.FAULT) {
      enter(VrrpState.FAULT, "removed by a reload", out);
    }
    state = VrrpState.DELETED;
    return out;
  }

  /** Shutdown (SIGTERM / undeploy): a priority-0 advert and the addresses removed if MASTER. */
  public List<VrrpAction> shutdown(long now) {
    List<VrrpAction> out = new ArrayList<>();
    if (state == VrrpState.MASTER) {
      out.add(new SendAdvert(0));
      out.add(new RemoveVirtualAddresses());
    }
    if (state != VrrpState.STOP) {
      enter(VrrpState.STOP, "shutdown", out);
    }
    deadline = Long.MAX_VALUE;
    return out;
  }

  private void enter(VrrpState to, String reason, List<VrrpAction> out) {
    if (handingOver && to != VrrpState.MASTER) {
      handingOver = false;
      out.add(new HandoverFinished(false, p.name() + ": handover cut short (" + reason + ")"));
    }
    VrrpState from = state;
    state = to;
    if (from != to) {
      out.add(new StateChanged(from, to, priority, reason));
    }
  }

  /** Compares primary addresses as unsigned numbers (RFC 5798 6.4.3 tie-break). */
  static int compareAddresses(InetAddress a, InetAddress b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    return Arrays.compareUnsigned(a.getAddress(), b.getAddress());
  }
}
