package io.vertalived.vrrp.service;

import java.util.PriorityQueue;

/**
 * A VRRP thread on a virtual clock for tests: work runs when the test lets time pass
 * ({@link #runDue}, {@link #advance}), in order of due time, on the test's thread.
 */
final class VirtualVrrpThread implements VrrpThread {
  private record Task(long due, long order, Runnable run, boolean[] cancelled) implements Comparable<Task> {
    @Override
    public int compareTo(Task o) {
      int c = Long.compare(due, o.due);
      return c != 0 ? c : Long.compare(order, o.order);
    }
  }

  private final PriorityQueue<Task> queue = new PriorityQueue<>();
  private long now = 1_000_000_000L;
  private long order;

  @Override
  public synchronized long now() {
    return now;
  }

  @Override
  public synchronized void execute(Runnable task) {
    queue.add(new Task(now, order++, task, new boolean[1]));
  }

  @Override
  public synchronized void runHere(Runnable task) {
    task.run();
  }

  @Override
  public synchronized Scheduled schedule(Runnable task, long delayNanos) {
    boolean[] cancelled = new boolean[1];
    Task t = new Task(now + Math.max(0, delayNanos), order++, task, cancelled);
    queue.add(t);
    return () -> {
      synchronized (this) {
        boolean was = !cancelled[0] && queue.contains(t);
        cancelled[0] = true;
        queue.remove(t);
        return was;
      }
    };
  }

  /** Runs everything due now (and what that work queues for now). */
  void runDue() {
    advance(0);
  }

  /** Lets {@code nanos} pass, running every task that falls due, at its time. */
  void advance(long nanos) {
    long until;
    synchronized (this) {
      until = now + nanos;
    }
    while (true) {
      Task t;
      synchronized (this) {
        t = queue.peek();
        if (t == null || t.due() > until) {
          now = until;
          return;
        }
        queue.poll();
        now = Math.max(now, t.due());
      }
      if (!t.cancelled()[0]) {
        t.run().run();
      }
    }
  }

  /** Lets the milliseconds pass. */
  void advanceMillis(long ms) {
    advance(ms * 1_000_000L);
  }
}
