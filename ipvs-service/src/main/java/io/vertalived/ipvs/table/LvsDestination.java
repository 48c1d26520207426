package io.vertalived.ipvs.table;

import io.vertalived.core.config.model.IpAddress;
import io.vertalived.core.config.model.Tunnel;

/**
 * A real server of a virtual service in the kernel (IPVS_DEST_ATTR_*). Weight 0 keeps it in the table without new
 * connections (keepalived's {@code inhibit_on_failure}, a drain).
 *
 * @param upperThreshold {@code uthreshold}: the connection limit, 0 for none
 * @param lowerThreshold {@code lthreshold}
 * @param tunnel the encapsulation of a TUN destination (ipip when not said); null for the other methods
 */
public record LvsDestination(IpAddress address, int port, ForwardMethod method, int weight, int upperThreshold,
                             int lowerThreshold, Tunnel tunnel) {
  public LvsDestination {
    tunnel = method == ForwardMethod.TUN ? (tunnel != null ? tunnel : Tunnel.IPIP) : null;
  }

  /** A destination that is no tunnel, or an ipip one. */
  public LvsDestination(IpAddress address, int port, ForwardMethod method, int weight, int upperThreshold,
                        int lowerThreshold) {
    this(address, port, method, weight, upperThreshold, lowerThreshold, null);
  }

  /** {@code ip:port}, what identifies it within its service. */
  public String endpoint() {
    return Endpoints.of(address, port);
  }

  public LvsDestination withWeight(int w) {
    return new LvsDestination(address, port, method, w, upperThreshold, lowerThreshold, tunnel);
  }
}
