package io.vertalived.vrrp.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.vrrp.packet.VrrpPacket;
import io.vertalived.vrrp.protocol.VrrpAction.AddVirtualAddresses;
import io.vertalived.vrrp.protocol.VrrpAction.RemoveVirtualAddresses;
import io.vertalived.vrrp.protocol.VrrpAction.SendAdvert;
import io.vertalived.vrrp.protocol.VrrpAction.SendGratuitousArp;
import io.vertalived.vrrp.protocol.VrrpAction.StateChanged;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every rule of RFC 5798 6.4 and keepalived's additions, against a virtual clock. */
class VrrpStateMachineTest {
  static final long MS = 1_000_000L;
  static final long S = 1_000 * MS;
  static final InetAddress ME = addr("198.18.0.2");
  static final InetAddress LOWER_IP = addr("198.18.0.1");
  static final InetAddress HIGHER_IP = addr("198.18.0.3");

  static InetAddress addr(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A machine and a virtual clock that fires its timers in order. */
  static final class Harness {
    final VrrpStateMachine m;
    long now = 1_000 * S;
    final List<VrrpAction> log = new ArrayList<>();

    Harness(InstanceParams p) {
      m = new VrrpStateMachine(p);
      log.addAll(m.start(now));
    }

    /** Advances the clock by {@code d}, firing every timer that falls due on the way. */
    void advance(long d) {
      long until = now + d;
      while (m.nextDeadline() <= until) {
        now = m.nextDeadline();
        log.addAll(m.timerExpired(now));
      }
      now = until;
    }

    List<VrrpAction> advert(int priority, InetAddress from, int interval) {
      VrrpPacket pk = new VrrpPacket(m.effectivePriority() > 0 ? params.version() : 2, 1, 51, priority,
          0, interval, 0, List.of(), null);
      List<VrrpAction> out = m.advertReceived(now, pk, from);
      log.addAll(out);
      return out;
    }

    InstanceParams params;

    long adverts(int priority) {
      return log.stream().filter(a -> a instanceof SendAdvert s && s.priority() == priority).count();
    }

    StateChanged lastChange() {
      for (int i = log.size() - 1; i >= 0; i--) {
        if (log.get(i) instanceof StateChanged c) {
          return c;
        }
      }
      return null;
    }
  }

  static InstanceParams params(int version, int priority, double interval, boolean wantMaster,
                               boolean nopreempt, double preemptDelay) {
    return new InstanceParams("VI_1", version, priority, interval, 3, wantMaster, nopreempt,
        preemptDelay, false, false, false, ME);
  }

  static Harness harness(InstanceParams p) {
    Harness h = new Harness(p);
    h.params = p;
    return h;
  }

  @Test
  void backupTakesOverAfterMasterDownIntervalV2() {
    Harness h = harness(params(2, 100, 1, false, false, 0));
    assertEquals(VrrpState.BACKUP, h.m.state());
    // RFC 3768: 3 * 1 s + (256 - 100) / 256 s = 3.609375 s
    assertEquals(3_609_375_000L, h.m.masterDownInterval());
    h.advance(3_609_374_999L);
    assertEquals(VrrpState.BACKUP, h.m.state());
    h.advance(1);
    assertEquals(VrrpState.MASTER, h.m.state());
    assertEquals("master down timer expired", h.lastChange().reason());
  }

  @Test
  void becomingMasterSendsAnAdvertThenAddsAddressesThenGarpsThenNotifies() {
    Harness h = harness(params(2, 100, 1, false, false, 0));
    h.log.clear();
    h.advance(4 * S);
    assertTrue(h.log.get(0) instanceof SendAdvert);
    assertTrue(h.log.get(1) instanceof AddVirtualAddresses);
    assertTrue(h.log.get(2) instanceof SendGratuitousArp);
    assertTrue(h.log.get(3) instanceof StateChanged);
  }

  @Test
  void masterAdvertisesEveryInterval() {
    Harness h = harness(params(3, 100, 0.1, false, false, 0));
    h.advance(10 * S);
    long first = h.adverts(100);
    h.advance(1 * S);
    assertEquals(first + 10, h.adverts(100));
  }

  @Test
  void addressOwnerWithStateMasterIsMasterAtOnce() {
    Harness h = harness(params(2, 255, 1, true, false, 0));
    assertEquals(VrrpState.MASTER, h.m.state());
    assertTrue(h.log.get(0) instanceof SendAdvert s && s.priority() == 255);
  }

  @Test
  void stateMasterBelow255WaitsOneIntervalPlusMinimumSkew() {
    Harness h = harness(params(2, 100, 1, true, false, 0));
    assertEquals(VrrpState.BACKUP, h.m.state());
    h.advance(S + S / 256 - 1);
    assertEquals(VrrpState.BACKUP, h.m.state());
    h.advance(1);
    assertEquals(VrrpState.MASTER, h.m.state());
  }

  @Test
  void higherOrEqualPriorityAdvertsKeepTheBackupWaiting() {
    Harness h = harness(params(2, 100, 1, false, false, 0));
    for (int i = 0; i < 20; i++) {
      h.advance(S);
      h.advert(i % 2 == 0 ? 150 : 100, LOWER_IP, 1);
    }
    assertEquals(VrrpState.BACKUP, h.m.state());
    assertEquals(LOWER_IP, h.m.masterAddress());
  }

  @Test
  void lowerPriorityAdvertIsDiscardedAndTheBackupPreempts() {
    Harness h = harness(params(2, 100, 1, false, false, 0));
    long start = h.now;
    while (h.m.state() == VrrpState.BACKUP) {
      h.advert(50, LOWER_IP, 1);
      h.advance(S);
    }
    assertTrue(h.now - start <= 4 * S);
  }

  @Test
  void nopreemptAcceptsALowerPriorityMaster() {
    Harness h = harness(params(2, 100, 1, false, true, 0));
    for (int i = 0; i < 20; i++) {
      h.advance(S);
      h.advert(50, LOWER_IP, 1);
    }
    assertEquals(VrrpState.BACKUP, h.m.state());
  }

  @Test
  void preemptDelayHoldsOffPreemptionThenPreempts() {
    Harness h = harness(params(2, 100, 1, false, false, 10));
    for (int i = 0; i < 9; i++) {
      h.advance(S);
      h.advert(50, LOWER_IP, 1);
    }
    assertEquals(VrrpState.BACKUP, h.m.state(), "within preempt_delay the lower master is accepted");
    for (int i = 0; i < 6 && h.m.state() == VrrpState.BACKUP; i++) {
      h.advance(S);
      h.advert(50, LOWER_IP, 1);
    }
    assertEquals(VrrpState.MASTER, h.m.state());
  }

  @Test
  void priorityZeroAdvertMeansTakeOverAfterSkewTime() {
    Harness h = harness(params(3, 90, 0.1, false, false, 0));
    h.advance(100 * MS);
    h.advert(100, LOWER_IP, 10);
    h.advance(100 * MS);
    h.advert(0, LOWER_IP, 10);
    long skew = InstanceTiming.skewTime(3, 90, 100 * MS);
    assertEquals(64_843_000L, skew, "(256-90)*100ms/256, keepalived's microseconds");
    h.advance(skew - 1);
    assertEquals(VrrpState.BACKUP, h.m.state());
    h.advance(1);
    assertEquals(VrrpState.MASTER, h.m.state());
  }

  @Test
  void v3BackupAdoptsTheMastersInterval() {
    Harness h = harness(params(3, 90, 1, false, false, 0));
    h.advance(10 * MS);
    h.advert(100, LOWER_IP, 10);
    // 3 * 100 ms + (256-90)*100ms/256
    assertEquals(300 * MS + 64_843_000L, h.m.masterDownInterval());
  }

  @Test
  void downTimerAdvertsChangesTheMultiplier() {
    InstanceParams p = new InstanceParams("VI_1", 2, 100, 1, 5, false, false, 0, false, false, false, ME);
    assertEquals(5 * S + 156 * S / 256, new VrrpStateMachine(p).masterDownInterval());
  }

  @Test
  void masterYieldsToHigherPriorityWithoutPriorityZero() {
    Harness h = harness(params(2, 100, 1, false, false, 0));
    h.advance(4 * S);
    h.log.clear();
    h.advert(150, LOWER_IP, 1);
    assertEquals(VrrpState.BACKUP, h.m.state());
    assertEquals(0, h.adverts(0), "yielding sends no priority-0 advert");
    assertTrue(h.log.get(0) instanceof RemoveVirtualAddresses);
    assertEquals("higher priority advert from 198.18.0.1", h.lastChange().reason());
  }

  @Test
  void equalPriorityTieGoesToTheHigherAddress() {
    Harness h = harness(params(2, 100, 1, false, false, 0));
    h.advance(4 * S);
    h.advert(100, LOWER_IP, 1);
    assertEquals(VrrpState.MASTER, h.m.state());
    h.advert(100, HIGHER_IP, 1);
    assertEquals(VrrpState.BACKUP, h.m.state());
  }

  @Test
  void masterAnswersALowerPriorityAdvertUnlessLowerPrioNoAdvert() {
    Harness h = harness(params(2, 100, 1, false, false, 0));
    h.advance(4 * S);
    assertEquals(List.of(new SendAdvert(100)), h.advert(50, LOWER_IP, 1));
    InstanceParams quiet = new InstanceParams("VI_1", 2, 100, 1, 3, false, false, 0, true, false, true, ME);
    Harness q = harness(quiet);
    q.advance(4 * S);
    assertEquals(List.of(new SendGratuitousArp(true)), q.advert(50, LOWER_IP, 1));
  }

  @Test
  void higherPrioSendAdvertAnnouncesBeforeYielding() {
    InstanceParams p = new InstanceParams("VI_1", 2, 100, 1, 3, false, false, 0, false, true, false, ME);
    Harness h = harness(p);
    h.advance(4 * S);
    List<VrrpAction> out = h.advert(200, LOWER_IP, 1);
    assertEquals(new SendAdvert(100), out.get(0));
  }

  @Test
  void masterAnswersPriorityZeroWithAnAdvert() {
    Harness h = harness(params(2, 100, 1, false, false, 0));
    h.advance(4 * S);
    assertEquals(List.of(new SendAdvert(100)), h.advert(0, LOWER_IP, 1));
    assertEquals(VrrpState.MASTER, h.m.state());
  }

  @Test
  void shutdownAsMasterSendsPriorityZeroThenRemovesAddresses() {
    Harness h = harness(params(2, 100, 1, false, false, 0));
    h.advance(4 * S);
    List<VrrpAction> out = h.m.shutdown(h.now);
    assertEquals(new SendAdvert(0), out.get(0));
    assertTrue(out.get(1) instanceof RemoveVirtualAddresses);
    assertEquals(VrrpState.STOP, h.m.state());
    assertEquals(Long.MAX_VALUE, h.m.nextDeadline());
  }

  @Test
  void faultFromMasterSendsPriorityZeroAndClearsToBackup() {
    Harness h = harness(params(2, 100, 1, false, false, 0));
    h.advance(4 * S);
    List<VrrpAction> out = h.m.faultRaised(h.now, "track_script chk failed");
    assertEquals(new SendAdvert(0), out.get(0));
    assertEquals(VrrpState.FAULT, h.m.state());
    assertTrue(h.m.faultRaised(h.now, "eth0 down").isEmpty(), "faults are counted");
    assertTrue(h.m.faultCleared(h.now, "eth0 up").isEmpty());
    assertEquals(VrrpState.FAULT, h.m.state());
    h.m.faultCleared(h.now, "track_script chk succeeded");
    assertEquals(VrrpState.BACKUP, h.m.state());
  }

  @Test
  void faultAtStartupWaitsInFault() {
    VrrpStateMachine m = new VrrpStateMachine(params(2, 100, 1, false, false, 0));
    m.faultRaised(0, "eth0 down");
    m.start(0);
    assertEquals(VrrpState.FAULT, m.state());
  }

  @Test
  void effectivePriorityIsClampedAndChangesTheSkew() {
    Harness h = harness(params(2, 100, 1, false, false, 0));
    h.m.priorityChanged(h.now, 300);
    assertEquals(254, h.m.effectivePriority());
    assertEquals(3 * S + 2 * S / 256, h.m.masterDownInterval());
    h.m.priorityChanged(h.now, -5);
    assertEquals(1, h.m.effectivePriority());
    Harness owner = harness(params(2, 255, 1, true, false, 0));
    owner.m.priorityChanged(owner.now, 100);
    assertEquals(255, owner.m.effectivePriority(), "the address owner never changes");
  }

  @Test
  void aSecondAddressOwnerMakesUsGiveUpOwnershipAndYieldAsKeepalived() {
    Harness h = harness(params(3, 255, 1, true, false, 0));
    assertEquals(VrrpState.MASTER, h.m.state(), "the owner is MASTER at once");
    List<VrrpAction> out = h.advert(255, LOWER_IP, 100);
    assertTrue(out.stream().anyMatch(a -> a instanceof VrrpAction.ConfigurationError e
        && e.message().contains("both configured as address owner")), out::toString);
    assertEquals(254, h.m.effectivePriority(), "reduced to 254 even though the other's address is lower");
    assertEquals(VrrpState.BACKUP, h.m.state(), "255 > 254: yield");
    assertTrue(out.stream().anyMatch(a -> a instanceof RemoveVirtualAddresses), out::toString);
    h.advance(3 * S);
    h.advert(255, LOWER_IP, 100);
    assertEquals(VrrpState.BACKUP, h.m.state(), "the other owner's adverts hold us BACKUP");
    h.advance(3 * S + 3 * S / 256);
    assertEquals(VrrpState.MASTER, h.m.state(), "it went silent: MASTER after the Master_Down_Interval of 254");
    assertEquals(254, h.m.effectivePriority(), "ownership is not given back (keepalived: base priority 254 too)");
    h.m.faultRaised(h.now, "eth0 down");
    h.log.addAll(h.m.faultCleared(h.now, "eth0 up"));
    assertEquals(VrrpState.BACKUP, h.m.state(), "no longer the owner: back from FAULT to BACKUP, not MASTER");
    assertTrue(h.m.handoverRefusal() == null || !h.m.handoverRefusal().contains("owner"));
  }

  @Test
  void anOwnersOwnAdvertLoopedBackIsNoCollision() {
    Harness h = harness(params(3, 255, 1, true, false, 0));
    List<VrrpAction> out = h.advert(255, ME, 100);
    assertTrue(out.stream().noneMatch(a -> a instanceof VrrpAction.ConfigurationError), out::toString);
    assertEquals(255, h.m.effectivePriority());
    assertEquals(VrrpState.MASTER, h.m.state());
  }
}
