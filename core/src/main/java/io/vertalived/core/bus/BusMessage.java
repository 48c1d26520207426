package io.vertalived.core.bus;

import java.time.Instant;

/**
 * An event of a published stream. It names the node that sent it, the boot of the process that
 * sent it (a fresh id at every start) and its place in that process's stream: {@code sequence}
 * is 1, 2, 3, ... per stream and boot, so that a consumer can tell a lost event (a gap) from a
 * restart (a new boot).
 */
public interface BusMessage {
  String node();

  String boot();

  long sequence();

  Instant timestamp();
}
