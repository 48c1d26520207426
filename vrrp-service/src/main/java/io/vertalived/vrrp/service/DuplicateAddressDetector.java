package io.vertalived.vrrp.service;

import io.vertalived.core.config.model.VirtualAddress;
import io.vertalived.core.config.model.VrrpInstance;
import io.vertalived.vrrp.protocol.DuplicateAddressWatch;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Duplicate VIP detection of one instance (beyond keepalived): while MASTER, each IPv4 VIP on the
 * instance's interface is probed at once and then every period ({@link #periodNanos}); another
 * host answering for one (a crashed router whose kernel kept the address) is a conflict
 * ({@link DuplicateAddressWatch}) once this router has stayed MASTER an advert interval since (a
 * preempting peer answers for the VIPs an instant before its advert arrives), cleared two
 * unanswered probes later or when MASTER is left.
 * On the VRRP thread; the conflicts go to the runner, which logs, alerts and counts them.
 */
final class DuplicateAddressDetector {
  /** System property (CLI {@code --vip-probe-interval}): seconds between probes, 0 = none. */
  static final String PERIOD_PROPERTY = "vertalived.vrrp.vipProbeSeconds";
  /** The default period. */
  static final double DEFAULT_PERIOD_SECONDS = 5;
  /** System property (CLI {@code --vip-conflict-garp}): a gratuitous ARP burst when a conflict is raised. */
  static final String GARP_PROPERTY = "vertalived.vrrp.vipConflictGarp";

  private final VrrpThread thread;
  private final AddressProbe probe;
  private final long period;
  private final DuplicateAddressWatch watch;
  private final Consumer<DuplicateAddressWatch.Change> conflicts;
  private final Set<String> ownMacs;
  private final Runnable round = this::round;
  private final Runnable confirm = this::confirm;
  /** Read by {@link #wanted} on the probe's receive thread. */
  private volatile Set<InetAddress> vips;
  private volatile boolean master;
  /** Since the first probe of this MASTER: replies before it may be from the master it replaced. */
  private volatile boolean probing;
  private VrrpThread.Scheduled next;
  /** The confirmation of a holder heard, when one waits. */
  private VrrpThread.Scheduled confirming;

  DuplicateAddressDetector(VrrpInstance vi, VrrpThread thread, AddressProbe probe, long periodNanos,
                           Consumer<DuplicateAddressWatch.Change> conflicts) {
    this.thread = thread;
    this.probe = probe;
    this.period = periodNanos;
    this.watch = new DuplicateAddressWatch(periodNanos * 5 / 2, confirmNanos(vi));
    this.conflicts = conflicts;
    this.vips = probed(vi);
    this.ownMacs = probe.ownMacs();
  }

  /** The period the operator chose (seconds, {@link #PERIOD_PROPERTY}); 0: no probes. */
  static long periodNanos() {
    String v = System.getProperty(PERIOD_PROPERTY);
    double seconds = DEFAULT_PERIOD_SECONDS;
    if (v != null) {
      try {
        seconds = Double.parseDouble(v);
      } catch (NumberFormatException e) {
        seconds = DEFAULT_PERIOD_SECONDS;
      }
    }
    return seconds <= 0 ? 0 : Math.max(100_000_000L, Math.round(seconds * 1e9));
  }

  static boolean garpOnConflict() {
    return Boolean.getBoolean(GARP_PROPERTY);
  }

  /**
   * The addresses probed: the VIPs of the instance's family on its own interface (a VIP with another {@code dev}
   * is not).
   */
  static Set<InetAddress> probed(VrrpInstance vi) {
    Set<InetAddress> out = new LinkedHashSet<>();
    boolean ipv6 = InstanceNetwork.ipv6(vi);
    for (VirtualAddress va : vi.virtualIpAddresses()) {
      InetAddress a = va.address().address();
      boolean family = ipv6 ? a instanceof java.net.Inet6Address : a instanceof Inet4Address;
      if (family && (va.device() == null || va.device().equals(vi.interfaceName()))) {
        out.add(a);
      }
    }
    return out;
  }

  /** How long this router stays MASTER after a reply before it is a conflict: one advert interval. */
  static long confirmNanos(VrrpInstance vi) {
    return Math.max(1_000_000L, Math.round(vi.advertInterval() * 1e9));
  }

  /** The wait before the first probe of a new MASTER ({@link #masterChanged}). */
  static final long FIRST_PROBE_NANOS = 500_000_000L;

  /** Whether this detector probes at all (a period of 0 turns it off: no socket either). */
  boolean enabled() {
    return period > 0;
  }

  /**
   * MASTER entered (the first probe after {@link #FIRST_PROBE_NANOS} or the period if shorter: the
   * master it replaced may hold the VIPs for a moment yet, a planned handover's predecessor 20 ms, a
   * preempted keepalived until it reads our advert) or left (probes stop, conflicts cleared).
   */
  void masterChanged(boolean isMaster) {
    if (isMaster == master || period == 0) {
      return;
    }
    master = isMaster;
    if (isMaster) {
      next = thread.schedule(round, Math.min(period, FIRST_PROBE_NANOS));
    } else {
      probing = false;
      cancel();
      watch.clear().forEach(conflicts);
    }
  }

  /**
   * Whether a packet is worth the VRRP thread's time: this router is MASTER, the address is one of
   * its VIPs and the MAC not its own (on the probe's receive thread, which sees every ARP of the link).
   */
  boolean wanted(InetAddress address, String mac) {
    return probing && vips.contains(address) && !ownMacs.contains(mac);
  }

  /** Another host said it has {@code address} (on the VRRP thread). */
  void heard(InetAddress address, String mac) {
    if (!wanted(address, mac)) {
      return;
    }
    DuplicateAddressWatch.Change c = watch.heard(address, mac, thread.now());
    if (c != null) {
      conflicts.accept(c);
    }
    confirmLater();
  }

  /** The confirmation set for the first holder waiting, unless one is set already. */
  private void confirmLater() {
    long due = watch.confirmationDue();
    if (confirming == null && due != Long.MAX_VALUE) {
      confirming = thread.schedule(confirm, Math.max(0, due - thread.now()));
    }
  }

  /** The confirmation time of a holder is over: raised if this router is still MASTER. */
  private void confirm() {
    confirming = null;
    if (!master) {
      return;
    }
    watch.confirm(thread.now()).forEach(conflicts);
    confirmLater();
  }

  /** A reload: the new VIPs from the next probe on; conflicts of addresses no longer ours are cleared. */
  void reconfigure(VrrpInstance next) {
    watch.confirmNanos(confirmNanos(next));
    Set<InetAddress> now = probed(next);
    if (!now.equals(vips)) {
      vips = now;
      watch.clear().forEach(conflicts);
    }
  }

  /** Stopped: no more probes; raised conflicts are cleared. */
  void stop() {
    masterChanged(false);
  }

  private void round() {
    next = null;
    if (!master) {
      return;
    }
    probing = true;
    long now = thread.now();
    watch.expire(now).forEach(conflicts);
    for (InetAddress a : vips) {
      probe.probe(a);
    }
    next = thread.schedule(round, period);
  }

  private void cancel() {
    if (next != null) {
      next.cancel();
      next = null;
    }
    if (confirming != null) {
      confirming.cancel();
      confirming = null;
    }
  }

  /** For tests: whether a conflict is raised. */
  boolean raised() {
    return watch.raised();
  }
}
