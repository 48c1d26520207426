package io.vertalived.core.bus;

import java.time.Instant;

/**
 * A message record of the bus contract. Every message names the node that sent it and carries
 * that node's sequence number (strictly increasing per node and type) and a timestamp.
 */
public interface BusMessage {
  String node();

  long sequence();

  Instant timestamp();
}
