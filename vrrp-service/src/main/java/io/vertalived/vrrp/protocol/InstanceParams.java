package io.vertalived.vrrp.protocol;

import java.net.InetAddress;

/**
 * The settings one instance's state machine needs, from the model's {@code VrrpInstance}.
 *
 * @param primaryAddress our advert source address, compared on equal priority (RFC 5798 6.4.3)
 */
public record InstanceParams(
    String name,
    int version,
    int priority,
    double advertInterval,
    int downTimerAdverts,
    boolean wantMaster,
    boolean nopreempt,
    double preemptDelay,
    boolean lowerPrioNoAdvert,
    boolean higherPrioSendAdvert,
    boolean garpOnLowerPriority,
    InetAddress primaryAddress) {

  /** The same settings with another advert source (the interface's address changed). */
  public InstanceParams withPrimaryAddress(InetAddress address) {
    return new InstanceParams(name, version, priority, advertInterval, downTimerAdverts, wantMaster, nopreempt,
        preemptDelay, lowerPrioNoAdvert, higherPrioSendAdvert, garpOnLowerPriority, address);
  }

  public boolean addressOwner() {
    return priority == 255;
  }
}
