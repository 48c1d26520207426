package io.vertalived.vrrp.service;

import io.vertalived.vrrp.net.AddressConflictSocket;
import io.vertalived.vrrp.net.ArpSocket;
import io.vertalived.vrrp.net.NeighbourProbeSocket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.Set;
import java.util.logging.Logger;

/**
 * {@link AddressProbe} on Linux, on the instance's interface: ARP probes and replies for an IPv4 instance
 * ({@link ArpSocket}), neighbour solicitations and advertisements for an IPv6 one ({@link NeighbourProbeSocket}).
 */
final class LinkAddressProbe implements AddressProbe {
  private static final Logger LOG = Logger.getLogger("io.vertalived.vrrp");
  private final Vertx vertx;
  private final String instance;
  private final InstanceNetwork net;
  private final boolean ipv6;
  private final Set<String> own = new HashSet<>();
  private volatile AddressConflictSocket socket;
  /** One warning per failure kind, not one per probe. */
  private volatile String lastFailure;

  LinkAddressProbe(Vertx vertx, String instance, InstanceNetwork net, String baseInterface, boolean ipv6) {
    this.vertx = vertx;
    this.ipv6 = ipv6;
    this.instance = instance;
    this.net = net;
    own.add(ArpSocket.mac(net.mac(), 0));
    try {
      java.net.NetworkInterface base = java.net.NetworkInterface.getByName(baseInterface);
      byte[] hw = base == null ? null : base.getHardwareAddress();
      if (hw != null && hw.length == 6) {
        own.add(ArpSocket.mac(hw, 0));
      }
    } catch (java.net.SocketException e) {
      // the interface's own MAC is enough
    }
  }

  @Override
  public Future<Void> open(Replies replies) {
    return vertx.executeBlocking(() -> {
      AddressConflictSocket s = ipv6 ? new NeighbourProbeSocket(net.interfaceName())
          : new ArpSocket(net.interfaceName(), net.mac());
      try {
        s.listen((ipv6 ? "vrrp-nd-" : "vrrp-arp-") + instance, replies::heard);
      } catch (java.io.IOException | RuntimeException e) {
        s.close();
        throw e;
      }
      socket = s;
      return null;
    });
  }

  @Override
  public void probe(InetAddress address) {
    AddressConflictSocket s = socket;
    if (s == null) {
      return;
    }
    try {
      s.probe(address);
      lastFailure = null;
    } catch (java.io.IOException e) {
      if (!String.valueOf(e.getMessage()).equals(lastFailure)) {
        lastFailure = e.getMessage();
        LOG.warning("(" + instance + ") cannot probe " + io.vertalived.core.config.model.IpAddress.text(address) + " for another holder: "
            + e.getMessage());
      }
    }
  }

  @Override
  public Set<String> ownMacs() {
    return Set.copyOf(own);
  }

  @Override
  public Future<Void> close() {
    AddressConflictSocket s = socket;
    socket = null;
    return s == null ? Future.succeededFuture() : vertx.executeBlocking(() -> {
      s.close();
      return null;
    });
  }
}
