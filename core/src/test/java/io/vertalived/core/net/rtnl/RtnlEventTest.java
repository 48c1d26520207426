package io.vertalived.core.net.rtnl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Decoding of RTM_NEWLINK / RTM_DELADDR as the kernel lays them out. */
class RtnlEventTest {
  static byte[] link(short type, int index, int flags, String name) {
    ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.nativeOrder());
    byte[] n = (name + "\0").getBytes();
    int attr = 4 + n.length;
    int len = 32 + ((attr + 3) & ~3);
    b.putInt(len).putShort(type).putShort((short) 0).putInt(0).putInt(0);
    b.put((byte) 0).put((byte) 0).putShort((short) 1).putInt(index).putInt(flags).putInt(0);
    b.putShort((short) attr).putShort((short) 3).put(n);
    return java.util.Arrays.copyOf(b.array(), len);
  }

  static byte[] addr(short type, int index, String ip, int prefix) throws Exception {
    ByteBuffer b = ByteBuffer.allocate(40).order(ByteOrder.nativeOrder());
    b.putInt(32).putShort(type).putShort((short) 0).putInt(0).putInt(0);
    b.put((byte) 2).put((byte) prefix).put((byte) 0).put((byte) 0).putInt(index);
    b.putShort((short) 8).putShort((short) 2).put(InetAddress.getByName(ip).getAddress());
    return java.util.Arrays.copyOf(b.array(), 32);
  }

  @Test
  void linksAndAddressesInOneRead() throws Exception {
    byte[] a = link(RtnlEvent.RTM_NEWLINK, 2, 0x11043, "eth0");
    byte[] c = link(RtnlEvent.RTM_NEWLINK, 3, 0x1003, "eth1");
    byte[] d = addr(RtnlEvent.RTM_DELADDR, 2, "198.18.0.100", 32);
    byte[] all = new byte[a.length + c.length + d.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(c, 0, all, a.length, c.length);
    System.arraycopy(d, 0, all, a.length + c.length, d.length);
    assertEquals(List.of(new RtnlEvent.Link(2, "eth0", true, false), new RtnlEvent.Link(3, "eth1", false, false),
        new RtnlEvent.Address(2, InetAddress.getByName("198.18.0.100"), 32, true)), RtnlEvent.parse(all, all.length));
  }

  /** An IPv6 address message (family 10): the address is IFA_ADDRESS, 16 bytes. */
  static byte[] addr6(short type, int index, String ip, int prefix) throws Exception {
    ByteBuffer b = ByteBuffer.allocate(44).order(ByteOrder.nativeOrder());
    b.putInt(44).putShort(type).putShort((short) 0).putInt(0).putInt(0);
    b.put((byte) 10).put((byte) prefix).put((byte) 0x02).put((byte) 0).putInt(index);
    b.putShort((short) 20).putShort((short) 1).put(InetAddress.getByName(ip).getAddress());
    return b.array();
  }

  @Test
  void ipv6AddressesRemovedAreSeenAsIpv4Ones() throws Exception {
    byte[] d = addr6(RtnlEvent.RTM_DELADDR, 2, "2001:2::100", 64);
    assertEquals(List.of(new RtnlEvent.Address(2, InetAddress.getByName("2001:2::100"), 64, true)),
        RtnlEvent.parse(d, d.length));
  }

  @Test
  void truncatedOrGarbageInputYieldsWhatIsWhole() {
    byte[] a = link(RtnlEvent.RTM_NEWLINK, 2, 0x11043, "eth0");
    assertEquals(List.of(), RtnlEvent.parse(a, a.length - 1));
    java.util.Random r = new java.util.Random(7);
    for (int i = 0; i < 20000; i++) {
      byte[] g = new byte[r.nextInt(200)];
      r.nextBytes(g);
      RtnlEvent.parse(g, g.length);
    }
  }

  /** A route message as the kernel sends it to RTNLGRP_IPV4_ROUTE has the layout of the request. */
  @Test
  void routesWithTheirTableDestinationAndInterface() {
    var spec = new io.vertalived.core.config.model.RouteSpec("198.19.5.0/24", null, "198.18.0.1", "eth0", "300", null, null,
        null, false, List.of());
    byte[] m = RouteNetlink.encode(RouteNetlink.RTM_DELROUTE, (short) 0, 1, spec, 3);
    List<RtnlEvent> events = RtnlEvent.parse(m, m.length);
    assertEquals(1, events.size());
    RtnlEvent.Route r = (RtnlEvent.Route) events.get(0);
    assertEquals(300, r.table(), "RTA_TABLE over the one-byte field");
    assertEquals("198.19.5.0", r.destination().getHostAddress());
    assertEquals(24, r.prefixLength());
    assertEquals(3, r.oif());
    assertEquals(true, r.deleted());
    var blackhole = new io.vertalived.core.config.model.RouteSpec("198.19.6.0/24", null, null, null, null, null, null,
        "blackhole", true, List.of());
    byte[] n = RouteNetlink.encode(RouteNetlink.RTM_NEWROUTE, (short) 0, 2, blackhole, 0);
    RtnlEvent.Route added = (RtnlEvent.Route) RtnlEvent.parse(n, n.length).get(0);
    assertEquals(254, added.table());
    assertEquals(0, added.oif());
    assertEquals(false, added.deleted());
  }
}
