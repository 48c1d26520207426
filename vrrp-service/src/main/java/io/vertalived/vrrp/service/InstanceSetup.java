package io.vertalived.vrrp.service;

import io.vertalived.core.config.model.UnicastPeer;
import io.vertalived.core.config.model.VirtualAddress;
import io.vertalived.core.config.model.VrrpInstance;
import io.vertalived.vrrp.packet.ReceiveProfile;
import io.vertalived.vrrp.protocol.InstanceParams;
import io.vertalived.vrrp.protocol.TrackedPriority;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What an instance's protocol core is made from its configuration (pure): the state machine's
 * parameters, its trackers, the receive checks' profile and the advert's fixed fields.
 */
final class InstanceSetup {
  private InstanceSetup() {}

  static InstanceParams params(VrrpInstance vi, InetAddress source) {
    return new InstanceParams(vi.name(), vi.version(), vi.priority(), vi.advertInterval(), vi.downTimerAdverts(),
        vi.initialState() == VrrpInstance.State.MASTER, vi.nopreempt(), vi.preemptDelay(), vi.lowerPrioNoAdvert(),
        vi.higherPrioSendAdvert(), vi.garp().lowerPrioRepeat() > 0, source);
  }

  /** The instance's trackers; interfaces are taken as up until the link monitor says otherwise. */
  static TrackedPriority trackers(VrrpInstance vi) {
    TrackedPriority t = new TrackedPriority(vi.priority());
    vi.trackScripts().forEach(x -> t.track(TrackedPriority.Kind.SCRIPT, x.name(), x.weight(), x.reverse()));
    vi.trackFiles().forEach(x -> t.track(TrackedPriority.Kind.FILE, x.name(), x.weight(), x.reverse()));
    vi.trackProcesses().forEach(x -> t.track(TrackedPriority.Kind.PROCESS, x.name(), x.weight(), x.reverse()));
    vi.trackBfds().forEach(x -> t.track(TrackedPriority.Kind.BFD, x.name(), x.weight(), x.reverse()));
    if (!vi.dontTrackPrimary()) {
      t.track(TrackedPriority.Kind.INTERFACE, vi.interfaceName(), 0, false, true);
    }
    for (VirtualAddress a : vi.virtualIpAddresses()) {
      if (a.device() != null && !a.noTrack()) {
        t.track(TrackedPriority.Kind.INTERFACE, a.device(), 0, false, true);
      }
    }
    vi.trackInterfaces().forEach(x -> t.track(TrackedPriority.Kind.INTERFACE, x.name(), x.weight(), x.reverse(), true));
    return t;
  }

  /** The advert interval as the packet carries it: seconds (v2) or centiseconds (v3). */
  static int advertIntervalField(VrrpInstance vi) {
    return vi.version() == 2 ? (int) vi.advertInterval() : (int) Math.round(vi.advertInterval() * 100);
  }

  static ReceiveProfile profile(VrrpInstance vi) {
    Set<InetAddress> vips = new HashSet<>();
    vi.virtualIpAddresses().forEach(a -> vips.add(a.address().address()));
    List<ReceiveProfile.Peer> peers = new ArrayList<>();
    for (UnicastPeer p : vi.unicastPeers()) {
      peers.add(new ReceiveProfile.Peer(p.address().address(), p.minTtl(), p.maxTtl()));
    }
    return new ReceiveProfile(vi.version(), vi.authType().ordinal(), password(vi), advertIntervalField(vi),
        vips, vi.unicast(), vi.mcastDstIp().address(), vi.checkUnicastSrc(), peers, vi.skipCheckAdvAddr(), false);
  }

  /** auth_pass as the v2 packet carries it: 8 bytes, zero-padded. */
  static byte[] password(VrrpInstance vi) {
    byte[] b = new byte[8];
    if (vi.authPass() != null) {
      byte[] raw = vi.authPass().value().getBytes(StandardCharsets.ISO_8859_1);
      System.arraycopy(raw, 0, b, 0, Math.min(8, raw.length));
    }
    return b;
  }

  /** The VIPs and eVIPs. */
  static List<VirtualAddress> allAddresses(VrrpInstance vi) {
    List<VirtualAddress> all = new ArrayList<>(vi.virtualIpAddresses());
    all.addAll(vi.excludedAddresses());
    return all;
  }
}
