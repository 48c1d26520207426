package io.vertalived.vrrp.service;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The VRRP thread on Linux: one pre-started thread at the highest Java priority that parks with
 * nanosecond deadlines (Vert.x timers round to milliseconds). Never blocks: netlink and scripts
 * have their own threads.
 */
final class ExecutorVrrpThread implements VrrpThread {
  private final ScheduledThreadPoolExecutor pool;
  /** Held by every task while it runs, and by {@link #runHere}: one of them at a time. */
  private final java.util.concurrent.locks.ReentrantLock turn = new java.util.concurrent.locks.ReentrantLock();

  ExecutorVrrpThread(String name) {
    pool = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      t.setPriority(Thread.MAX_PRIORITY);
      return t;
    }) {
      @Override
      protected void beforeExecute(Thread t, Runnable r) {
        turn.lock();
      }

      @Override
      protected void afterExecute(Runnable r, Throwable t) {
        turn.unlock();
      }
    };
    pool.setRemoveOnCancelPolicy(true);
    pool.prestartAllCoreThreads();
  }

  /** For the parts that schedule themselves (gratuitous ARP pacing and refresh). */
  ScheduledExecutorService executor() {
    return pool;
  }

  @Override
  public long now() {
    return System.nanoTime();
  }

  @Override
  public void execute(Runnable task) {
    pool.execute(() -> run(task));
  }

  /**
   * On a VM, waking the VRRP thread's idle CPU took 0.5-0.8 ms (bench/stop.sh); the caller's thread
   * is already running.
   */
  @Override
  public void runHere(Runnable task) {
    boolean mine;
    try {
      mine = turn.tryLock(200, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      mine = false;
    }
    if (!mine) {
      // a task of the VRRP thread has not ended in 200 ms: the work waits its turn there instead of here
      execute(task);
      return;
    }
    try {
      run(task);
    } finally {
      turn.unlock();
    }
  }

  @Override
  public Scheduled schedule(Runnable task, long delayNanos) {
    var f = pool.schedule(() -> run(task), Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }

  /** The executor keeps a task's exception in a future nobody reads: it is logged here instead. */
  private static void run(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException | Error e) {
      java.util.logging.Logger.getLogger("io.vertalived.vrrp").log(java.util.logging.Level.SEVERE,
          "VRRP thread: " + e, e);
    }
  }

  void shutdown() {
    pool.shutdownNow();
  }
}
