package io.vertalived.vrrp.service;

/**
 * The node's VRRP thread as an instance sees it: the monotonic time, and work now or later on
 * that one thread, where every event of every instance runs (so a timer that fires acts at
 * once). Linux: {@link ExecutorVrrpThread}; tests: a virtual clock.
 */
interface VrrpThread {
  /** Nanoseconds of a monotonic clock ({@link System#nanoTime()} on a real thread). */
  long now();

  void execute(Runnable task);

  /**
   * Runs {@code task} now on the calling thread as if on this one: no task of this thread runs
   * meanwhile (one in progress is waited for, 200 ms at most: then it is queued as {@link #execute}
   * does), and what it changed is seen by the tasks after it. For SIGTERM's resignation, which must
   * not wait for this thread to be woken.
   */
  void runHere(Runnable task);

  /** Runs {@code task} on this thread after {@code delayNanos}. */
  Scheduled schedule(Runnable task, long delayNanos);

  /** A task scheduled for later. */
  interface Scheduled {
    /** False when it ran already or was cancelled. */
    boolean cancel();
  }
}
