package io.vertalived.vrrp.service;

import io.vertalived.vrrp.packet.ReceivedDatagram;
import io.vertx.core.Future;

/**
 * An instance's sockets: opened when it starts (the adverts it receives then go to the
 * receiver, with the kernel's receive time), closed when it stops (Linux: {@link RawInstanceLink}).
 */
interface InstanceLink {
  /** A received datagram and when the kernel received it (nanoTime scale). */
  @FunctionalInterface
  interface Receiver {
    void received(ReceivedDatagram datagram, long receivedAt);
  }

  Future<Void> open(Receiver receiver);

  Future<Void> close();

  /** Closes and opens again with the receiver of {@link #open}: the advert source changed ({@link SourceAddress}). */
  Future<Void> reopen();

  /** The receiving and sending descriptors for keepalived's data dump, or null when none are open. */
  default int[] descriptors() {
    return null;
  }
}
