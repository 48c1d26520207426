package io.vertalived.vrrp.packet;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;

/**
 * What the receive checks compare an advert with: the instance's own settings (RFC 3768 7.1,
 * RFC 5798 7.1, keepalived's {@code vrrp_check_packet}).
 *
 * @param authPass         the 8 password bytes (NUL-padded), for auth type 1
 * @param unicast          adverts are unicast: TTL is not checked, the destination must not be
 *                         multicast
 * @param unicastPeers     accepted sources when {@code checkUnicastSrc}, with their TTL ranges
 */
public record ReceiveProfile(
    int version,
    int authType,
    byte[] authPass,
    int advertInterval,
    Set<InetAddress> virtualAddresses,
    boolean unicast,
    InetAddress multicastGroup,
    boolean checkUnicastSrc,
    List<Peer> unicastPeers,
    boolean skipCheckAdvAddr,
    boolean ownerIgnoresAdverts) {

  public record Peer(InetAddress address, int minTtl, int maxTtl) {}

  public ReceiveProfile {
    authPass = authPass == null ? new byte[8] : authPass.clone();
    virtualAddresses = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(virtualAddresses)); // in the configuration's order
    unicastPeers = List.copyOf(unicastPeers);
  }
}
