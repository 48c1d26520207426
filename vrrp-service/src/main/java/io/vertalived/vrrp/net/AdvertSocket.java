package io.vertalived.vrrp.net;

import io.vertalived.core.net.NativeIoException;
import io.vertalived.vrrp.packet.ReceivedDatagram;
import java.net.InetAddress;

/** An instance's VRRP sockets, IPv4 ({@link VrrpSockets}) or IPv6 ({@link Vrrp6Sockets}). */
public interface AdvertSocket extends AutoCloseable {
  /** A received datagram and when the kernel received it, on the {@link System#nanoTime()} scale. */
  @FunctionalInterface
  interface Receiver {
    void accept(ReceivedDatagram datagram, long receivedNanos);
  }

  /** Sends one VRRP packet; never blocks (MSG_DONTWAIT), so it may run on an event loop. */
  void send(byte[] vrrp, InetAddress destination) throws NativeIoException;

  /** Starts the receive thread. */
  void receive(String threadName, Receiver receiver) throws NativeIoException;

  /** The receiving and sending descriptors, as keepalived's data dump shows them ({@code fd_in}, {@code fd_out}). */
  int[] descriptors();

  @Override
  void close();
}
