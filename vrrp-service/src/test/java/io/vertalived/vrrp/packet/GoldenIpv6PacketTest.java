package io.vertalived.vrrp.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Byte-exact against keepalived 2.2.7's IPv6 VRRPv3 adverts and unsolicited neighbour advertisements
 * (golden/vrrp-v3-ipv6.pcap, its configuration and tcpdump's decode beside it).
 */
class GoldenIpv6PacketTest {
  private static final byte[] MAC = {0x02, 0, 0, 0, 0x06, 0x0a};

  private static List<Pcap.Ipv6Packet> packets(int nextHeader) throws Exception {
    List<Pcap.Ipv6Packet> out = new ArrayList<>();
    for (byte[] frame : Pcap.frames(Pcap.golden("vrrp-v3-ipv6.pcap"))) {
      Pcap.Ipv6Packet p = Pcap.ipv6(frame);
      if (p != null && p.nextHeader() == nextHeader) {
        out.add(p);
      }
    }
    return out;
  }

  @Test
  void advertsDecodeAndEncodeToTheCapturedBytesWithTheIpv6PseudoHeader() throws Exception {
    List<Pcap.Ipv6Packet> adverts = packets(VrrpPacket.IPPROTO_VRRP);
    assertTrue(adverts.size() >= 4, "adverts in the capture: " + adverts.size());
    boolean sawZero = false;
    for (Pcap.Ipv6Packet ip : adverts) {
      // RFC 5798 5.1.2: link-local source, ff02::12, hop limit 255; keepalived's traffic class CS6
      assertTrue(ip.source().isLinkLocalAddress(), ip.source().toString());
      assertEquals(InetAddress.getByName("ff02::12"), ip.destination());
      assertEquals(255, ip.hopLimit());
      assertEquals(0xc0, ip.trafficClass());
      byte[] wire = ip.payload();
      VrrpPacket p = VrrpCodec.decode(wire, 0, wire.length, true);
      assertEquals(3, p.version());
      assertEquals(61, p.virtualRouterId());
      assertEquals(100, p.maxAdvertInterval());
      assertEquals(List.of(InetAddress.getByName("2001:2::100"), InetAddress.getByName("2001:2::101")), p.addresses());
      assertEquals(VrrpCodec.checksum(wire, 3, ip.source(), ip.destination(), false), p.checksum());
      assertArrayEquals(wire, VrrpCodec.encode(p, ip.source(), ip.destination(), false), "re-encoded " + p);
      sawZero |= p.priority() == 0;
    }
    assertTrue(sawZero, "the stop's priority-0 advert");
    VrrpPacket first = VrrpCodec.decode(adverts.get(0).payload(), 0, adverts.get(0).payload().length, true);
    assertEquals(150, first.priority());
    assertEquals(0xf31c, first.checksum());
  }

  @Test
  void unsolicitedNeighbourAdvertisementsAreKeepalivedsByteForByte() throws Exception {
    int seen = 0;
    for (Pcap.Ipv6Packet ip : packets(NeighbourAdvertisement.IPPROTO_ICMPV6)) {
      if ((ip.payload()[0] & 0xff) != NeighbourAdvertisement.ICMPV6_NEIGHBOUR_ADVERTISEMENT) {
        continue; // the namespace's own router solicitations
      }
      // from the VIP itself to all nodes, hop limit 255 (RFC 4861 7.1.2)
      assertEquals(InetAddress.getByName("ff02::1"), ip.destination());
      assertEquals(255, ip.hopLimit());
      Inet6Address target = (Inet6Address) ip.source();
      assertTrue(target.equals(InetAddress.getByName("2001:2::100")) || target.equals(InetAddress.getByName("2001:2::101")));
      // the interface does not forward: no Router flag (keepalived sets it when it does)
      byte[] ours = NeighbourAdvertisement.withChecksum(NeighbourAdvertisement.encode(target, MAC, false),
          ip.source(), ip.destination());
      assertArrayEquals(ip.payload(), ours, "neighbour advertisement for " + target.getHostAddress());
      seen++;
    }
    assertTrue(seen >= 2, "neighbour advertisements in the capture: " + seen);
  }

  @Test
  void keepalivedsAdvertisementsAreHeardWithTheirTargetAndMac() throws Exception {
    int heard = 0;
    for (byte[] frame : Pcap.frames(Pcap.golden("vrrp-v3-ipv6.pcap"))) {
      byte[] ip = java.util.Arrays.copyOfRange(frame, 14, frame.length);
      NeighbourSolicitation.Heard h = NeighbourSolicitation.heard(ip, ip.length);
      Pcap.Ipv6Packet p = Pcap.ipv6(frame);
      boolean na = p != null && p.nextHeader() == NeighbourAdvertisement.IPPROTO_ICMPV6
          && (p.payload()[0] & 0xff) == NeighbourAdvertisement.ICMPV6_NEIGHBOUR_ADVERTISEMENT;
      assertEquals(na, h != null, "only neighbour advertisements are heard");
      if (h != null) {
        assertEquals(p.source(), h.target());
        assertArrayEquals(MAC, h.mac());
        heard++;
      }
    }
    assertTrue(heard >= 2);
    byte[] ip = java.util.Arrays.copyOfRange(Pcap.frames(Pcap.golden("vrrp-v3-ipv6.pcap")).get(0), 14, 30);
    assertEquals(null, NeighbourSolicitation.heard(ip, ip.length), "short");
  }

  @Test
  void aProbeIsTheSolicitationOfDuplicateAddressDetection() throws Exception {
    Inet6Address vip = (Inet6Address) InetAddress.getByName("2001:2::1:2:3");
    assertEquals(InetAddress.getByName("ff02::1:ff02:3"), NeighbourSolicitation.solicitedNode(vip));
    assertArrayEquals(new byte[] {0x33, 0x33, (byte) 0xff, 0x02, 0, 3},
        NeighbourSolicitation.multicastMac(NeighbourSolicitation.solicitedNode(vip)));
    byte[] p = NeighbourSolicitation.probe(vip);
    assertEquals(64, p.length);
    assertEquals(0x60, p[0] & 0xff);
    assertEquals(24, ((p[4] & 0xff) << 8) | (p[5] & 0xff));
    assertEquals(58, p[6]);
    assertEquals(255, p[7] & 0xff, "hop limit 255 (RFC 4861 7.1.1)");
    assertArrayEquals(new byte[16], java.util.Arrays.copyOfRange(p, 8, 24), "from the unspecified address");
    assertEquals(135, p[40] & 0xff);
    assertArrayEquals(vip.getAddress(), java.util.Arrays.copyOfRange(p, 48, 64));
    // the checksum verifies: the sum over pseudo-header and message is all ones
    byte[] icmp = java.util.Arrays.copyOfRange(p, 40, 64);
    assertArrayEquals(icmp, NeighbourAdvertisement.withChecksum(icmp, InetAddress.getByName("::"),
        NeighbourSolicitation.solicitedNode(vip)));
  }

  @Test
  void theRouterFlagWhenTheInterfaceForwards() throws Exception {
    byte[] b = NeighbourAdvertisement.encode((Inet6Address) InetAddress.getByName("2001:2::100"), MAC, true);
    assertEquals(0xa0, b[4] & 0xff, "Router and Override, not Solicited");
  }
}
