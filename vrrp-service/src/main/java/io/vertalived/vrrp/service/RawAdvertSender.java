package io.vertalived.vrrp.service;

import io.vertalived.core.config.model.UnicastPeer;
import io.vertalived.core.config.model.VirtualAddress;
import io.vertalived.core.config.model.VrrpInstance;
import io.vertalived.vrrp.net.VrrpSockets;
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
  private final VrrpInstance vi;
  private final InetAddress source;
  private final Supplier<VrrpSockets> sockets;
  private final List<InetAddress> addresses;
  private final byte[] authData;
  private final List<InetAddress> destinations;
  private final int interval;

  RawAdvertSender(VrrpInstance vi, InetAddress source, Supplier<VrrpSockets> sockets) {
    this.vi = vi;
    this.source = source;
    this.sockets = sockets;
    List<InetAddress> a = new ArrayList<>();
    for (VirtualAddress va : vi.virtualIpAddresses()) {
      a.add(va.address().address());
    }
    this.addresses = List.copyOf(a);
    this.authData = vi.version() == 2 && vi.authType() == VrrpInstance.AuthType.PASS ? InstanceSetup.password(vi) : new byte[8];
    List<InetAddress> d = new ArrayList<>();
    if (vi.unicast()) {
      for (UnicastPeer u : vi.unicastPeers()) {
        d.add(u.address().address());
      }
    } else {
      d.add(vi.mcastDstIp().address());
    }
    this.destinations = List.copyOf(d);
    this.interval = InstanceSetup.advertIntervalField(vi);
  }

  @Override
  public int send(int priority) {
    VrrpSockets s = sockets.get();
    if (s == null) {
      return 0;
    }
    VrrpPacket p = new VrrpPacket(vi.version(), VrrpPacket.TYPE_ADVERTISEMENT, vi.virtualRouterId(), priority,
        vi.version() == 2 ? vi.authType().ordinal() : 0, interval, 0, addresses, authData);
    int sent = 0;
    for (InetAddress dst : destinations) {
      try {
        s.send(VrrpCodec.encode(p, source, dst, false), dst);
        sent++;
      } catch (java.io.IOException e) {
        LOG.warning("(" + vi.name() + ") cannot send advert: " + e.getMessage());
      }
    }
    return sent;
  }
}
