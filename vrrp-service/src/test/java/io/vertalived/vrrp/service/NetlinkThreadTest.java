package io.vertalived.vrrp.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The netlink thread runs a task on the caller only when that cannot overtake an earlier one. */
class NetlinkThreadTest {

  @Test
  void idleItRunsOnTheCaller() throws Exception {
    NetlinkThread t = new NetlinkThread("test-netlink");
    Thread[] ranOn = new Thread[1];
    assertTrue(t.runNowIfIdle(() -> ranOn[0] = Thread.currentThread()));
    assertEquals(Thread.currentThread(), ranOn[0]);
    t.shutdown();
  }

  @Test
  void behindAPendingTaskItQueuesAndKeepsTheOrder() throws Exception {
    NetlinkThread t = new NetlinkThread("test-netlink");
    List<String> order = new CopyOnWriteArrayList<>();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    t.execute(() -> {
      started.countDown();
      try {
        release.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      order.add("remove (running)");
    });
    t.execute(() -> order.add("route (queued)"));
    assertTrue(started.await(5, TimeUnit.SECONDS));
    assertFalse(t.runNowIfIdle(() -> order.add("add")), "a task is running: queued, not run here");
    release.countDown();
    CountDownLatch done = new CountDownLatch(1);
    t.execute(done::countDown);
    assertTrue(done.await(5, TimeUnit.SECONDS));
    assertEquals(List.of("remove (running)", "route (queued)", "add"), order);
    t.shutdown();
  }
}
