package io.vertalived.vrrp.service;

import io.vertalived.core.config.model.GlobalDefs;
import io.vertalived.core.config.model.VirtualAddress;
import io.vertalived.vrrp.net.GratuitousArp;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * When one instance's gratuitous ARPs go out (keepalived.conf(5) vrrp_garp_*): {@code garp_master_repeat} right after
 * the VIPs are added, a second burst {@code garp_master_delay} later (not with
 * {@code vrrp_min_garp}), {@code garp_master_refresh_repeat} every {@code garp_master_refresh}
 * seconds while MASTER, and {@code garp_lower_prio_repeat} when a MASTER hears a lower priority.
 * Decisions on the VRRP thread; packets on the address thread, after any pending address change,
 * spaced by {@code vrrp_garp_interval} per interface ({@link GarpPacer}): a packet whose slot is
 * later waits on the VRRP thread's timer, never on the address thread.
 */
final class GarpAnnouncer implements Announcements {
  private static final Logger LOG = Logger.getLogger("io.vertalived.vrrp");
  private volatile String instance;
  private volatile GlobalDefs.Garp settings;
  private volatile List<VirtualAddress> vips;
  private final ScheduledExecutorService vrrpThread;
  private final Executor addressThread;
  private final BooleanSupplier master;
  private final GarpPacer pacer;
  private volatile Sender socket;
  private volatile boolean ipv6;
  private ScheduledFuture<?> refresh;
  /** Made once: a lambda created at the first takeover would be linked then, on the VRRP thread. */
  private final Runnable delayedBurst;
  private final Runnable refreshBurst;

  GarpAnnouncer(String instance, GlobalDefs.Garp settings, List<VirtualAddress> vips,
                ScheduledExecutorService vrrpThread, Executor addressThread, BooleanSupplier master, GarpPacer pacer) {
    this.pacer = pacer;
    this.instance = instance;
    this.settings = settings;
    this.vips = vips;
    this.vrrpThread = vrrpThread;
    this.addressThread = addressThread;
    this.master = master;
    this.delayedBurst = () -> burstIfMaster(this.settings.masterRepeat());
    this.refreshBurst = () -> burstIfMaster(Math.max(1, this.settings.masterRefreshRepeat()));
  }

  /** A reload: the new settings and VIPs; a running refresh goes on at its old period until MASTER is left. */
  @Override
  public void reconfigure(io.vertalived.core.config.model.VrrpInstance next) {
    this.instance = next.name();
    this.settings = next.garp();
    this.vips = next.virtualIpAddresses();
  }

  /** Sends one gratuitous ARP for a VIP, on its own interface ({@code dev}) or the instance's. */
  @FunctionalInterface
  interface Sender {
    void announce(VirtualAddress address) throws java.io.IOException;
  }

  /**
   * Announces on {@code socket}'s interface (the instance's, its VMAC with use_vmac) every VIP without
   * {@code dev} or whose {@code dev} is the instance's configured interface, the others on their own.
   */
  void open(GratuitousArp socket, String configuredInterface) {
    open(va -> socket.announce(va.address().address(), ownDevice(va, configuredInterface)));
  }

  /** An IPv6 instance's: neighbour advertisements, on the interfaces as {@link #open(GratuitousArp, String)}. */
  void openIpv6(io.vertalived.vrrp.net.NeighbourAdvertSocket socket, String configuredInterface) {
    openIpv6(va -> socket.announce((java.net.Inet6Address) va.address().address(), ownDevice(va, configuredInterface)));
  }

  /** The VIP's {@code dev} when it is another than the instance's configured interface, else null (the socket's). */
  private static String ownDevice(VirtualAddress va, String configuredInterface) {
    return va.device() == null || va.device().equals(configuredInterface) ? null : va.device();
  }

  void open(Sender sender) {
    this.socket = sender;
  }

  /** An IPv6 instance: its VIPs announced by {@code sender} with neighbour advertisements. */
  void openIpv6(Sender sender) {
    this.ipv6 = true;
    this.socket = sender;
  }

  /** The first burst of a new master, on the address thread right after the VIPs were added. */
  void takeoverBurst() {
    burst(settings.masterRepeat());
  }

  /** Became MASTER: the delayed second burst and the periodic refresh. */
  @Override
  public void becameMaster() {
    if (settings.masterDelay() > 0 && !settings.minGarp()) {
      vrrpThread.schedule(delayedBurst, nanos(settings.masterDelay()), TimeUnit.NANOSECONDS);
    }
    if (settings.masterRefresh() > 0 && refresh == null) {
      long period = nanos(settings.masterRefresh());
      refresh = vrrpThread.scheduleWithFixedDelay(refreshBurst, period, period, TimeUnit.NANOSECONDS);
    }
  }

  /** Left MASTER: no more refreshes. */
  @Override
  public void leftMaster() {
    if (refresh != null) {
      refresh.cancel(false);
      refresh = null;
    }
  }

  /** A MASTER heard a lower-priority advert (keepalived's garp_lower_prio_repeat). */
  @Override
  public void lowerPriorityHeard() {
    int repeat = settings.lowerPrioRepeat();
    addressThread.execute(() -> burst(repeat));
  }

  @Override
  public void conflictHeard() {
    burstIfMaster(settings.masterRepeat());
  }

  private void burstIfMaster(int repeat) {
    if (master.getAsBoolean()) {
      addressThread.execute(() -> burst(repeat));
    }
  }

  private void burst(int repeat) {
    Sender s = socket;
    if (s == null) {
      return;
    }
    long now = System.nanoTime();
    List<VirtualAddress> now2 = vips;
    for (int i = 0; i < repeat; i++) {
      for (VirtualAddress va : now2) {
        // the instance's family: ARP for IPv4, neighbour advertisements for IPv6 (its sender's)
        if (va.address().isIpv6() == ipv6) {
          long at = pacer.reserve(now);
          if (at == now) {
            send(s, va);
          } else {
            // a paced packet of a master that has left MASTER by then stays unsent
            vrrpThread.schedule(() -> {
              if (master.getAsBoolean()) {
                addressThread.execute(() -> send(s, va));
              }
            }, at - now, TimeUnit.NANOSECONDS);
          }
        }
      }
    }
  }

  private void send(Sender s, VirtualAddress va) {
    try {
      s.announce(va);
    } catch (java.io.IOException e) {
      LOG.warning("(" + instance + ") gratuitous ARP failed: " + e.getMessage());
    }
  }

  private static long nanos(double seconds) {
    return Math.round(seconds * 1e9);
  }
}
