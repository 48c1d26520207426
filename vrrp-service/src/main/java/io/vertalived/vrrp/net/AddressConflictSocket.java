package io.vertalived.vrrp.net;

import io.vertalived.core.net.NativeIoException;
import java.net.InetAddress;

/**
 * Probes an interface's link for another holder of an address and hears the answers: ARP for IPv4
 * ({@link ArpSocket}), neighbour solicitation and advertisement for IPv6 ({@link NeighbourProbeSocket}).
 */
public interface AddressConflictSocket extends AutoCloseable {
  /** What the link said: {@code address} is held at {@code mac} ("02:00:5e:00:01:33"). */
  @FunctionalInterface
  interface Listener {
    void heard(InetAddress address, String mac);
  }

  /** Sends one probe for {@code address}; never blocks. */
  void probe(InetAddress address) throws NativeIoException;

  /** Starts the receive thread. */
  void listen(String threadName, Listener listener) throws NativeIoException;

  @Override
  void close();
}
