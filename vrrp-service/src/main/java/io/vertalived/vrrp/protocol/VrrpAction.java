package io.vertalived.vrrp.protocol;

/**
 * What the state machine asks the I/O edge to do, in the order given (RFC 5798 6.4: on becoming
 * MASTER an advert first, then the addresses, then gratuitous ARP, then the notifies).
 */
public sealed interface VrrpAction {
  /** Send one advertisement with this priority (0 = "I am leaving", RFC 5798 6.4.3). */
  record SendAdvert(int priority) implements VrrpAction {}

  /** Add the VIPs, eVIPs, virtual routes and rules. */
  record AddVirtualAddresses() implements VrrpAction {}

  /**
   * Remove the VIPs, eVIPs, virtual routes and rules; after {@code lingerNanos} (a handed-over
   * master keeps answering until the successor's gratuitous ARP has reached the clients), and
   * then only if not MASTER again by that time.
   */
  record RemoveVirtualAddresses(long lingerNanos) implements VrrpAction {
    public RemoveVirtualAddresses() {
      this(0);
    }
  }

  /** Start the gratuitous ARP / unsolicited NA bursts of a new master (keepalived.conf(5) vrrp_garp_*). */
  record SendGratuitousArp(boolean lowerPriority) implements VrrpAction {}

  /**
   * A planned handover ended: {@code handedOver} when a successor's advert made us BACKUP,
   * false when none took over in time (we stay MASTER) or a fault or shutdown cut it short.
   */
  record HandoverFinished(boolean handedOver, String outcome) implements VrrpAction {}

  /** A misconfiguration seen on the wire (two address owners): logged as keepalived's CONFIGURATION ERROR. */
  record ConfigurationError(String message) implements VrrpAction {}

  /** The state changed: notify scripts, FIFOs, the bus. */
  record StateChanged(VrrpState from, VrrpState to, int priority, String reason) implements VrrpAction {}
}
