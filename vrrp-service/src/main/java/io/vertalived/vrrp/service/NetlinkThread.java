package io.vertalived.vrrp.service;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The node's netlink work, in submission order: one pre-started thread, so that address,
 * route, firewall and GARP changes never overlap and never run on an event loop.
 *
 * <p>{@link #runNowIfIdle} lets the VRRP thread add a takeover's VIPs itself when nothing is
 * queued or running: the hand-over to this thread (a wake-up of another thread, about 2 ms
 * median on the 2-vCPU test VM, docs/benchmarks.md) is then not between the Master_Down_Timer
 * and the VIP, as it is not in keepalived's single thread. Order is kept: a task runs inline
 * only when no earlier one is pending, and a later one waits for the inline one's lock.
 */
final class NetlinkThread implements Executor {
  private final ThreadPoolExecutor pool;
  private final ReentrantLock running = new ReentrantLock();
  /** Tasks submitted and not finished (queued or running). */
  private final AtomicInteger pending = new AtomicInteger();

  NetlinkThread(String name) {
    pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
    pool.prestartAllCoreThreads();
  }

  @Override
  public void execute(Runnable task) {
    pending.incrementAndGet();
    try {
      pool.execute(() -> runLocked(task));
    } catch (RuntimeException e) {
      pending.decrementAndGet();
      throw e;
    }
  }

  /** Runs {@code task} on the calling thread if no netlink task is pending, else queues it; true when it ran here. */
  boolean runNowIfIdle(Runnable task) {
    if (pending.get() == 0 && running.tryLock()) {
      try {
        if (pending.get() == 0) {
          task.run();
          return true;
        }
      } finally {
        running.unlock();
      }
    }
    execute(task);
    return false;
  }

  private void runLocked(Runnable task) {
    running.lock();
    try {
      task.run();
    } finally {
      running.unlock();
      pending.decrementAndGet();
    }
  }

  void shutdown() {
    pool.shutdown();
  }
}
