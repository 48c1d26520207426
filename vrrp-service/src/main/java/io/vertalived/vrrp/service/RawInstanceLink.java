package io.vertalived.vrrp.service;

import io.vertalived.core.config.model.VrrpInstance;
import io.vertalived.vrrp.net.AdvertSocket;
import io.vertalived.vrrp.net.GratuitousArp;
import io.vertalived.vrrp.net.NeighbourAdvertSocket;
import io.vertalived.vrrp.net.Vrrp6Sockets;
import io.vertalived.vrrp.net.VrrpSockets;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * An instance's raw VRRP sockets and its gratuitous ARP socket, opened on a worker. Closing
 * waits for the netlink work queued before it (a stop's address removal), then closes them. The
 * sending socket is bound to the advert source: a new source is a {@link #reopen}.
 */
final class RawInstanceLink implements InstanceLink {
  private final Vertx vertx;
  private final VrrpInstance vi;
  private final InstanceNetwork net;
  private final SourceAddress source;
  private final GarpAnnouncer announcer;
  private final NetlinkThread netlinkThread;
  private volatile AdvertSocket sockets;
  private GratuitousArp garp;
  private NeighbourAdvertSocket na;
  /** Where received adverts go, from the first {@link #open}. */
  private volatile Receiver receiver;

  RawInstanceLink(Vertx vertx, VrrpInstance vi, InstanceNetwork net, SourceAddress source, GarpAnnouncer announcer,
                  NetlinkThread netlinkThread) {
    this.vertx = vertx;
    this.vi = vi;
    this.net = net;
    this.source = source;
    this.announcer = announcer;
    this.netlinkThread = netlinkThread;
  }

  /** The open sockets, or null before {@link #open} and after {@link #close}. */
  AdvertSocket sockets() {
    return sockets;
  }

  @Override
  public Future<Void> open(Receiver receiver) {
    this.receiver = receiver;
    return vertx.executeBlocking(() -> {
      boolean ipv6 = InstanceNetwork.ipv6(vi);
      java.net.InetAddress from = source.address();
      if (from == null) {
        throw new java.io.IOException("interface " + vi.interfaceName() + " has no IPv" + (ipv6 ? 6 : 4)
            + " address to send adverts from");
      }
      AdvertSocket s = ipv6
          ? Vrrp6Sockets.open(net.socketInterface(), from, vi.mcastDstIp().address(), vi.unicast(), vi.unicastTtl())
          : VrrpSockets.open(net.socketInterface(), from, vi.mcastDstIp().address(), vi.unicast(), vi.unicastTtl());
      try {
        // ARP for an IPv4 instance's VIPs, neighbour advertisements for an IPv6 one's
        if (ipv6) {
          na = new NeighbourAdvertSocket(net.interfaceName(), net.mac());
        } else {
          garp = new GratuitousArp(net.interfaceName(), net.mac());
        }
      } catch (java.io.IOException e) {
        s.close();
        throw e;
      }
      if (na != null) {
        // an IPv6 instance's VIPs are announced by neighbour advertisements, each on its interface
        announcer.openIpv6(na, vi.interfaceName());
      } else {
        announcer.open(garp, vi.interfaceName());
      }
      sockets = s;
      s.receive("vrrp-rx-" + vi.name(), receiver::received);
      return null;
    });
  }

  @Override
  public int[] descriptors() {
    AdvertSocket s = sockets;
    return s == null ? null : s.descriptors();
  }

  /** The sockets again, bound to the source as it is now (the same receiver). */
  @Override
  public Future<Void> reopen() {
    Receiver r = receiver;
    return r == null ? Future.failedFuture(new IllegalStateException("never opened")) : close().compose(v -> open(r));
  }

  @Override
  public Future<Void> close() {
    Promise<Void> drained = Promise.promise();
    netlinkThread.execute(drained::complete);
    return drained.future().compose(v -> vertx.executeBlocking(() -> {
      AdvertSocket s = sockets;
      sockets = null;
      if (s != null) {
        s.close();
      }
      if (garp != null) {
        garp.close();
      }
      if (na != null) {
        na.close();
      }
      return null;
    }));
  }
}
