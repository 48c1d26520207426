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
 * ({@link DuplicateAddressWatch}), cleared two unanswered probes later or when MASTER is left.
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
  private final Runnable round = this::round;
  private Set<InetAddress> vips;
  private boolean master;
  private VrrpThread.Scheduled next;

  DuplicateAddressDetector(VrrpInstance vi, VrrpThread thread, AddressProbe probe, long periodNanos,
                           Consumer<DuplicateAddressWatch.Change> conflicts) {
    this.thread = thread;
    this.probe = probe;
    this.period = periodNanos;
    this.watch = new DuplicateAddressWatch(periodNanos * 5 / 2);
    this.conflicts = conflicts;
    this.vips = probed(vi);
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

  /** The addresses probed: IPv4 VIPs on the instance's own interface (a VIP with another {@code dev} is not). */
  static Set<InetAddress> probed(VrrpInstance vi) {
    Set<InetAddress> out = new LinkedHashSet<>();
    for (VirtualAddress va : vi.virtualIpAddresses()) {
      InetAddress a = va.address().address();
      if (a instanceof Inet4Address && (va.device() == null || va.device().equals(vi.interfaceName()))) {
        out.add(a);
      }
    }
    return out;
  }

  /** MASTER entered (probes start now) or left (probes stop, conflicts cleared). */
  void masterChanged(boolean isMaster) {
    if (isMaster == master || period == 0) {
      return;
    }
    master = isMaster;
    if (isMaster) {
      round();
    } else {
      cancel();
      watch.clear().forEach(conflicts);
    }
  }

  /** Another host said it has {@code address} (on the VRRP thread). */
  void heard(InetAddress address, String mac) {
    if (!master || !vips.contains(address) || probe.ownMacs().contains(mac)) {
      return;
    }
    DuplicateAddressWatch.Change c = watch.heard(address, mac, thread.now());
    if (c != null) {
      conflicts.accept(c);
    }
  }

  /** A reload: the new VIPs from the next probe on; conflicts of addresses no longer ours are cleared. */
  void reconfigure(VrrpInstance next) {
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
  }

  /** For tests: whether a conflict is raised. */
  boolean raised() {
    return watch.raised();
  }
}
