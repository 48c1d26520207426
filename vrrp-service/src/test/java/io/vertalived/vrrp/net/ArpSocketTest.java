package io.vertalived.vrrp.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The ARP probe's bytes (RFC 5227 2.1.1) and what is read from received ARP packets. */
class ArpSocketTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void theProbeAsksForTheAddressFromNoAddress() throws Exception {
    byte[] p = ArpSocket.probePacket(HEX.parseHex("02000000000a"), InetAddress.getByName("198.18.0.100"));
    assertArrayEquals(HEX.parseHex("0001" + "0800" + "06" + "04" + "0001" + "02000000000a" + "00000000"
        + "000000000000" + "c6120064"), p);
  }

  @Test
  void repliesAndAnnouncementsNameTheirSenderProbesAndOthersNothing() throws Exception {
    // Linux's answer to our probe: a reply from the holder
    byte[] reply = HEX.parseHex("0001080006040002" + "0200000000b1" + "c6120064" + "02000000000a" + "00000000");
    assertEquals(new ArpSocket.Heard(InetAddress.getByName("198.18.0.100"), "02:00:00:00:00:b1"),
        ArpSocket.parse(reply, reply.length));
    byte[] announcement = HEX.parseHex("0001080006040001" + "0200000000b1" + "c6120064" + "ffffffffffff" + "c6120064");
    assertEquals("02:00:00:00:00:b1", ArpSocket.parse(announcement, announcement.length).mac());
    byte[] probe = HEX.parseHex("0001080006040001" + "0200000000b1" + "00000000" + "000000000000" + "c6120064");
    assertNull(ArpSocket.parse(probe, probe.length));
    assertNull(ArpSocket.parse(reply, 27), "short");
    byte[] rarp = HEX.parseHex("0001080006040003" + "0200000000b1" + "c6120064" + "02000000000a" + "00000000");
    assertNull(ArpSocket.parse(rarp, rarp.length));
  }
}
