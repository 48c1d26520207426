package io.vertalived.vrrp.service;

import io.vertx.core.Future;
import java.net.InetAddress;

/**
 * An instance's probes for its virtual addresses on the wire, and what other hosts answer
 * (Linux: {@link LinkAddressProbe}; duplicate VIP detection, {@link DuplicateAddressDetector}).
 */
interface AddressProbe {
  /** Another host (by its MAC, "aa:bb:..") says it has {@code address}; on the probe's thread. */
  @FunctionalInterface
  interface Replies {
    void heard(InetAddress address, String mac);
  }

  /** Opens it (off the VRRP thread); the replies go to {@code replies} until {@link #close}. */
  Future<Void> open(Replies replies);

  /** Asks the link who has {@code address}; never blocks. */
  void probe(InetAddress address);

  /** The MACs that are this router's own on the link (its interface's, its virtual MAC's). */
  java.util.Set<String> ownMacs();

  Future<Void> close();

  /** No probing (an IPv6 instance until neighbour solicitations are sent, or a test). */
  AddressProbe NONE = new AddressProbe() {
    @Override
    public Future<Void> open(Replies replies) {
      return Future.succeededFuture();
    }

    @Override
    public void probe(InetAddress address) {
    }

    @Override
    public java.util.Set<String> ownMacs() {
      return java.util.Set.of();
    }

    @Override
    public Future<Void> close() {
      return Future.succeededFuture();
    }
  };
}
