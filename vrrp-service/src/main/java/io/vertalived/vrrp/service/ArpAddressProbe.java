package io.vertalived.vrrp.service;

import io.vertalived.vrrp.net.ArpSocket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.Set;
import java.util.logging.Logger;

/** {@link AddressProbe} on Linux: ARP probes and replies on the instance's interface ({@link ArpSocket}). */
final class ArpAddressProbe implements AddressProbe {
  private static final Logger LOG = Logger.getLogger("io.vertalived.vrrp");
  private final Vertx vertx;
  private final String instance;
  private final InstanceNetwork net;
  private final Set<String> own = new HashSet<>();
  private volatile ArpSocket socket;
  /** One warning per failure kind, not one per probe. */
  private volatile String lastFailure;

  ArpAddressProbe(Vertx vertx, String instance, InstanceNetwork net, String baseInterface) {
    this.vertx = vertx;
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
      ArpSocket s = new ArpSocket(net.interfaceName(), net.mac());
      try {
        s.listen("vrrp-arp-" + instance, replies::heard);
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
    ArpSocket s = socket;
    if (s == null) {
      return;
    }
    try {
      s.probe(address);
      lastFailure = null;
    } catch (java.io.IOException e) {
      if (!String.valueOf(e.getMessage()).equals(lastFailure)) {
        lastFailure = e.getMessage();
        LOG.warning("(" + instance + ") cannot probe " + address.getHostAddress() + " for another holder: "
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
    ArpSocket s = socket;
    socket = null;
    return s == null ? Future.succeededFuture() : vertx.executeBlocking(() -> {
      s.close();
      return null;
    });
  }
}
