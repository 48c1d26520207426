package io.vertalived.vrrp.packet;

import java.net.InetAddress;
import java.util.List;

/**
 * One VRRP advertisement (RFC 3768 5.1 for version 2, RFC 5798 5.1 for version 3).
 *
 * @param maxAdvertInterval v2: Adver Int in seconds (8 bits); v3: Max Adver Int in
 *                          centiseconds (12 bits)
 * @param authType          v2 only: 0 none, 1 simple text password, 2 IP AH; 0 for v3
 * @param authData          v2 only: the 8 authentication bytes (the password NUL-padded)
 * @param checksum          as carried on the wire (decode) or as computed (encode)
 */
public record VrrpPacket(
    int version,
    int type,
    int virtualRouterId,
    int priority,
    int authType,
    int maxAdvertInterval,
    int checksum,
    List<InetAddress> addresses,
    byte[] authData) {

  public static final int TYPE_ADVERTISEMENT = 1;
  public static final int IPPROTO_VRRP = 112;

  public VrrpPacket {
    addresses = List.copyOf(addresses);
    authData = authData == null ? new byte[0] : authData.clone();
  }

  /** The advertisement interval in seconds, whatever the version. */
  public double advertIntervalSeconds() {
    return version == 2 ? maxAdvertInterval : maxAdvertInterval / 100.0;
  }

  @Override
  public byte[] authData() {
    return authData.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VrrpPacket p && version == p.version && type == p.type
        && virtualRouterId == p.virtualRouterId && priority == p.priority
        && authType == p.authType && maxAdvertInterval == p.maxAdvertInterval
        && checksum == p.checksum && addresses.equals(p.addresses)
        && java.util.Arrays.equals(authData, p.authData);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(version, virtualRouterId, priority, addresses, checksum);
  }

  @Override
  public String toString() {
    return "VRRPv" + version + "{vrid=" + virtualRouterId + ", priority=" + priority
        + ", interval=" + maxAdvertInterval + (version == 2 ? "s" : "cs") + ", authType="
        + authType + ", addresses=" + addresses + "}";
  }
}
