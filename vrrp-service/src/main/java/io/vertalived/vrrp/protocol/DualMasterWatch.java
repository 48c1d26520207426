package io.vertalived.vrrp.protocol;

import java.net.InetAddress;

/**
 * Split-brain detection of one instance (keepalived has none; docs/vrrp.md): a MASTER that goes on
 * hearing another router advertise its VRID on its segment — adverts it accepts (a lower priority
 * that does not yield) or refuses (another password, address list or interval: the other side
 * cannot see this MASTER either) — for one advertisement interval is not alone: raised. Two
 * masters meeting for a moment (a preemption, a master's return) settle within that interval and
 * raise nothing. Cleared when no such advert came for three intervals, or when this router is no
 * longer MASTER. Pure; one thread; times on the nanoTime scale.
 */
public final class DualMasterWatch {
  /** What changed: nothing, raised (with the peer), or cleared. */
  public enum Change { NONE, RAISED, CLEARED }

  private long intervalNanos;
  private InetAddress peer;
  private long firstHeard;
  private long lastHeard;
  private boolean raised;

  public DualMasterWatch(long intervalNanos) {
    this.intervalNanos = intervalNanos;
  }

  /** A reload changed the advertisement interval. */
  public void interval(long nanos) {
    this.intervalNanos = nanos;
  }

  /** An advert of this VRID from {@code from} while this router is MASTER. */
  public Change heard(InetAddress from, long now) {
    if (peer == null || !peer.equals(from) || now - lastHeard > 3 * intervalNanos) {
      if (!raised) {
        peer = from;
        firstHeard = now;
      }
    }
    lastHeard = now;
    // a tenth of an interval of slack: two routers' timers drift by microseconds, not by design
    if (!raised && now - firstHeard >= intervalNanos - intervalNanos / 10) {
      raised = true;
      peer = from;
      return Change.RAISED;
    }
    return Change.NONE;
  }

  /** Checked at each of this router's own adverts, and when it leaves MASTER ({@code master} false). */
  public Change tick(long now, boolean master) {
    if (master && now - lastHeard <= 3 * intervalNanos) {
      return Change.NONE;
    }
    boolean was = raised;
    raised = false;
    peer = null;
    return was ? Change.CLEARED : Change.NONE;
  }

  public boolean raised() {
    return raised;
  }

  /** The other router heard (null when none). */
  public InetAddress peer() {
    return peer;
  }
}
