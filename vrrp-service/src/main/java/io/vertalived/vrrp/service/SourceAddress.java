package io.vertalived.vrrp.service;

import io.vertx.core.Future;
import java.net.InetAddress;

/**
 * The address an instance's adverts come from (RFC 3768 5.1.1.1, RFC 5798 5.1.2.1) and that
 * breaks a tie of priorities (RFC 5798 6.4.3): configured ({@code unicast_src_ip}, fixed), or its
 * interface's own, which may come and go. keepalived puts an instance whose interface has no
 * address of its family in FAULT ("entering FAULT state (no IPv4 address for interface)") and
 * brings it up when one is added; when the address in use is deleted it takes another of the
 * interface's, or goes to FAULT when none is left (keepalived_netlink.c's address handling).
 * Read from any thread, changed on the instance's VRRP thread.
 */
final class SourceAddress {
  /** Looks up the interface's own address now (off the VRRP thread); null when it has none. */
  @FunctionalInterface
  interface Finder {
    Future<InetAddress> find();
  }

  private volatile InetAddress address;
  private final boolean configured;
  private final int ifindex;
  private final Finder finder;

  /**
   * @param address the address at start, null when the interface has none
   * @param configured from the configuration: never replaced by one of the interface's
   * @param ifindex the interface whose addresses it is taken from
   */
  SourceAddress(InetAddress address, boolean configured, int ifindex, Finder finder) {
    this.address = address;
    this.configured = configured;
    this.ifindex = ifindex;
    this.finder = finder;
  }

  /** A configured address (tests, and instances whose address never changes). */
  static SourceAddress fixed(InetAddress address) {
    return new SourceAddress(address, true, 0, () -> Future.succeededFuture(address));
  }

  /** The address adverts come from now, or null while there is none. */
  InetAddress address() {
    return address;
  }

  void address(InetAddress next) {
    this.address = next;
  }

  boolean configured() {
    return configured;
  }

  /** Whether an address change on interface {@code index} may change this source. */
  boolean follows(int index) {
    return !configured && index == ifindex;
  }

  Future<InetAddress> find() {
    return finder.find();
  }
}
