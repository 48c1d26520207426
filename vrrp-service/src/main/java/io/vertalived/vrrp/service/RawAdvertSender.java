package io.vertalived.vrrp.service;

import io.vertalived.core.config.model.UnicastPeer;
import io.vertalived.core.config.model.VirtualAddress;
import io.vertalived.core.config.model.VrrpInstance;
import io.vertalived.vrrp.net.AdvertSocket;
import io.vertalived.vrrp.packet.VrrpCodec;
import io.vertalived.vrrp.packet.VrrpPacket;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Adverts on a raw IP socket: to the multicast group, or to each unicast peer. What does not
 * change between adverts (addresses, auth data, destinations) is computed once here: the first
 * advert of a takeover links no lambda and loads no class.
 */
final class RawAdvertSender implements AdvertSender {
  private static final Logger LOG = Logger.getLogger("io.vertalived.vrrp");
  private final SourceAddress source;
  private final Supplier<AdvertSocket> sockets;
  /** What every advert of the current definition carries; replaced whole by a reload. */
  private volatile Fixed fixed;

  private record Fixed(VrrpInstance vi, List<InetAddress> addresses, byte[] authData, List<InetAddress> destinations,
                       int interval) {}

  RawAdvertSender(VrrpInstance vi, SourceAddress source, Supplier<AdvertSocket> sockets) {
    this.source = source;
    this.sockets = sockets;
    this.fixed = fixed(vi);
  }

  @Override
  public void reconfigure(VrrpInstance next) {
    this.fixed = fixed(next);
  }

  private static Fixed fixed(VrrpInstance vi) {
    List<InetAddress> a = new ArrayList<>();
    for (VirtualAddress va : vi.virtualIpAddresses()) {
      a.add(va.address().address());
    }
    byte[] authData = vi.version() == 2 && vi.authType() == VrrpInstance.AuthType.PASS ? InstanceSetup.password(vi) : new byte[8];
    List<InetAddress> d = new ArrayList<>();
    if (vi.unicast()) {
      for (UnicastPeer u : vi.unicastPeers()) {
        d.add(u.address().address());
      }
    } else {
      d.add(vi.mcastDstIp().address());
    }
    return new Fixed(vi, List.copyOf(a), authData, List.copyOf(d), InstanceSetup.advertIntervalField(vi));
  }

  @Override
  public int send(int priority) {
    AdvertSocket s = sockets.get();
    InetAddress from = source.address();
    if (s == null || from == null) {
      return 0;
    }
    Fixed f = fixed;
    VrrpInstance vi = f.vi();
    VrrpPacket p = packet(f, priority);
    int sent = 0;
    for (InetAddress dst : f.destinations()) {
      try {
        s.send(VrrpCodec.encode(p, from, dst, false), dst);
        sent++;
      } catch (java.io.IOException e) {
        LOG.warning("(" + vi.name() + ") cannot send advert: " + e.getMessage());
      }
    }
    return sent;
  }

  /** The advert this sender sends now at {@code priority}. */
  VrrpPacket packet(int priority) {
    return packet(fixed, priority);
  }

  /** Where it sends its adverts now: the multicast group, or each unicast peer. */
  List<InetAddress> destinations() {
    return fixed.destinations();
  }

  private static VrrpPacket packet(Fixed f, int priority) {
    VrrpInstance vi = f.vi();
    return new VrrpPacket(vi.version(), VrrpPacket.TYPE_ADVERTISEMENT, vi.virtualRouterId(), priority,
        vi.version() == 2 ? vi.authType().ordinal() : 0, f.interval(), 0, f.addresses(), f.authData());
  }
}
