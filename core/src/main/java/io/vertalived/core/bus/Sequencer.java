package io.vertalived.core.bus;

import java.util.concurrent.atomic.AtomicLong;

/** A node's sequence numbers for one message stream: 1, 2, 3, ... */
public final class Sequencer {
  private final AtomicLong last = new AtomicLong();

  public long next() {
    return last.incrementAndGet();
  }
}
