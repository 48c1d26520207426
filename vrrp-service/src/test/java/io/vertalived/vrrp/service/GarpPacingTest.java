package io.vertalived.vrrp.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.config.model.GlobalDefs;
import io.vertalived.core.config.model.IpAddress;
import io.vertalived.core.config.model.VirtualAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** vrrp_garp_interval: gratuitous ARPs on one interface are spaced, across instances too. */
class GarpPacingTest {
  private static final long MS = 1_000_000;

  @Test
  void theFirstPacketGoesAtOnceAndEachLaterOneAnIntervalAfterTheLast() {
    GarpPacer p = new GarpPacer(0.05);
    assertEquals(1_000 * MS, p.reserve(1_000 * MS));
    assertEquals(1_050 * MS, p.reserve(1_000 * MS));
    assertEquals(1_100 * MS, p.reserve(1_010 * MS));
    assertEquals(2_000 * MS, p.reserve(2_000 * MS), "an idle interface sends at once");
    GarpPacer none = new GarpPacer(0);
    assertEquals(5 * MS, none.reserve(5 * MS));
    assertEquals(5 * MS, none.reserve(5 * MS), "no interval: a burst goes out at once");
  }

  private static GlobalDefs.Garp garp(int repeat, double interval) {
    return new GlobalDefs.Garp(0, repeat, 0, 1, 0, repeat, interval, 0, false, 0, false);
  }

  private static VirtualAddress vip(String ip) {
    return new VirtualAddress(IpAddress.parse(ip).orElseThrow(), 32, null, null, null, null, null, false, false, false,
        false, false, false, null, false);
  }

  /** Two instances on one interface share the pacer: their bursts interleave 40 ms apart. */
  @Test
  void burstsOfTwoInstancesOnOneInterfaceAreSpacedByTheInterval() throws Exception {
    ScheduledExecutorService vrrpThread = Executors.newSingleThreadScheduledExecutor();
    try {
      GarpPacer shared = new GarpPacer(0.04);
      List<Long> sent = new ArrayList<>();
      List<String> addresses = new ArrayList<>();
      CountDownLatch all = new CountDownLatch(6);
      GarpAnnouncer.Sender sender = a -> {
        synchronized (sent) {
          sent.add(System.nanoTime());
          addresses.add(a.address().toString());
        }
        all.countDown();
      };
      GarpAnnouncer one = new GarpAnnouncer("VI_1", garp(2, 0.04), List.of(vip("198.18.0.100"), vip("198.18.0.101")),
          vrrpThread, Runnable::run, () -> true, shared);
      GarpAnnouncer two = new GarpAnnouncer("VI_2", garp(2, 0.04), List.of(vip("198.18.0.102")),
          vrrpThread, Runnable::run, () -> true, shared);
      one.open(sender);
      two.open(sender);
      // the slots count from the first burst's start; the first packet itself may be recorded a little after it
      long start = System.nanoTime();
      one.takeoverBurst();
      two.takeoverBurst();
      assertTrue(all.await(10, TimeUnit.SECONDS));
      synchronized (sent) {
        assertEquals(List.of("198.18.0.100", "198.18.0.101", "198.18.0.100", "198.18.0.101", "198.18.0.102",
            "198.18.0.102"), addresses);
        // each packet in its slot, never before: the i-th at least i intervals after the first burst began
        for (int i = 1; i < sent.size(); i++) {
          assertTrue(sent.get(i) - start >= i * 40 * MS,
              "packet " + i + " only " + (sent.get(i) - start) / 1e6 + " ms after the first burst began");
        }
      }
    } finally {
      vrrpThread.shutdownNow();
    }
  }

  @Test
  void withoutAnIntervalABurstGoesOutAtOnceOnTheCallingThread() throws Exception {
    List<io.vertalived.core.config.model.VirtualAddress> sent = new ArrayList<>();
    GarpAnnouncer a = new GarpAnnouncer("VI_1", garp(5, 0), List.of(vip("198.18.0.100")), null, Runnable::run,
        () -> true, new GarpPacer(0));
    a.open(sent::add);
    a.takeoverBurst();
    assertEquals(5, sent.size());
  }
}
