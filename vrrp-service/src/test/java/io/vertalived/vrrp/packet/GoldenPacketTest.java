package io.vertalived.vrrp.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Byte-exact against adverts captured from keepalived 2.2.7 (test resources golden/, with the configs and tshark decodes). */
class GoldenPacketTest {
  private static byte[] payload(Ipv4Datagram d) {
    return Arrays.copyOfRange(d.bytes(), d.payloadOffset(), d.payloadOffset() + d.payloadLength());
  }

  @ParameterizedTest
  @ValueSource(strings = {"vrrp-v2.pcap", "vrrp-v3.pcap", "vrrp-v2-failover.pcap", "vrrp-v3-failover.pcap"})
  void decodeThenEncodeGivesTheCapturedBytes(String file) throws Exception {
    int adverts = 0;
    for (byte[] frame : Pcap.frames(Pcap.golden(file))) {
      Ipv4Datagram d = Pcap.ipv4(frame);
      if (d == null) {
        continue;
      }
      assertEquals(VrrpPacket.IPPROTO_VRRP, d.protocol());
      assertEquals(255, d.ttl());
      byte[] wire = payload(d);
      VrrpPacket p = VrrpCodec.decode(wire, 0, wire.length, false);
      assertEquals(VrrpCodec.checksum(wire, p.version(), d.source(), d.destination(), false), p.checksum(),
          "checksum of " + p);
      assertArrayEquals(wire, VrrpCodec.encode(p, d.source(), d.destination(), false), "re-encoded " + p);
      adverts++;
    }
    assertTrue(adverts >= 5, file + " has adverts");
  }

  @ParameterizedTest
  @ValueSource(strings = {"vrrp-v2.pcap"})
  void v2AdvertFieldsAsTsharkDecodesThem(String file) throws Exception {
    Ipv4Datagram d = Pcap.ipv4(Pcap.frames(Pcap.golden(file)).get(0));
    byte[] wire = payload(d);
    VrrpPacket p = VrrpCodec.decode(wire, 0, wire.length, false);
    assertEquals(2, p.version());
    assertEquals(VrrpPacket.TYPE_ADVERTISEMENT, p.type());
    assertEquals(51, p.virtualRouterId());
    assertEquals(100, p.priority());
    assertEquals(1, p.authType());
    assertEquals(1, p.maxAdvertInterval());
    assertEquals(0x4247, p.checksum());
    assertEquals(List.of(InetAddress.getByName("198.18.0.100")), p.addresses());
    assertEquals("pvlab42\0", new String(p.authData(), StandardCharsets.US_ASCII));
    assertEquals(0xc0, d.bytes()[1] & 0xff, "TOS: DSCP CS6");
  }

  @ParameterizedTest
  @ValueSource(strings = {"vrrp-v3.pcap"})
  void v3AdvertUsesCentisecondsAndThePseudoHeader(String file) throws Exception {
    Ipv4Datagram d = Pcap.ipv4(Pcap.frames(Pcap.golden(file)).get(0));
    byte[] wire = payload(d);
    VrrpPacket p = VrrpCodec.decode(wire, 0, wire.length, false);
    assertEquals(3, p.version());
    assertEquals(10, p.maxAdvertInterval());
    assertEquals(0.1, p.advertIntervalSeconds());
    assertEquals(0xfda7, p.checksum());
    assertTrue(VrrpCodec.checksum(wire, 3, d.source(), d.destination(), true) != p.checksum(),
        "without the pseudo-header the checksum differs");
  }

  @ParameterizedTest
  @ValueSource(strings = {"vrrp-v2-failover.pcap", "vrrp-v3-failover.pcap"})
  void gracefulHandoverCarriesAPriorityZeroAdvert(String file) throws Exception {
    boolean sawZero = false;
    for (byte[] frame : Pcap.frames(Pcap.golden(file))) {
      Ipv4Datagram d = Pcap.ipv4(frame);
      if (d != null) {
        byte[] wire = payload(d);
        sawZero |= VrrpCodec.decode(wire, 0, wire.length, false).priority() == 0;
      }
    }
    assertTrue(sawZero);
  }
}
