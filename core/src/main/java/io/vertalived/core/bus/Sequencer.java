package io.vertalived.core.bus;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The numbering of one published stream in one process: its boot id (the process's, fresh at
 * every start) and 1, 2, 3, ... Get it from {@link BusStreams}, so that every service of a
 * process numbers a stream together.
 */
public final class Sequencer {
  private final String boot;
  private final AtomicLong last = new AtomicLong();

  public Sequencer(String boot) {
    this.boot = boot;
  }

  /** A stand-alone numbering with a boot id of its own (tests, tools). */
  public Sequencer() {
    this(java.util.UUID.randomUUID().toString());
  }

  public String boot() {
    return boot;
  }

  public long next() {
    return last.incrementAndGet();
  }
}
