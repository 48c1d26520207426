package io.vertalived.core.net.netlink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Attributes written by {@link NetlinkEncoding} read back by {@link NetlinkAttributes} (pure). */
class NetlinkEncodingTest {
  @Test
  void everyKindOfAttributeRoundTrips() {
    ByteBuffer b = NetlinkEncoding.allocate(256);
    NetlinkEncoding.header(b, (short) 42, (short) (Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK), 7);
    b.putInt(0x11223344); // a 4-byte family header
    NetlinkEncoding.attrU8(b, 1, 0xfe);
    NetlinkEncoding.attrU16(b, 2, 0xbeef);
    NetlinkEncoding.attrU32(b, 3, 0xcafebabe);
    NetlinkEncoding.attrU64(b, 4, 1L << 40);
    NetlinkEncoding.attrU16Be(b, 5, 8080);
    NetlinkEncoding.attrU32Be(b, 6, 0xc6120001);
    NetlinkEncoding.attrString(b, 7, "IPVS");
    int outer = NetlinkEncoding.nest(b, 8);
    NetlinkEncoding.attrU32(b, 1, 99);
    int inner = NetlinkEncoding.nest(b, 2);
    NetlinkEncoding.attrString(b, 1, "deep");
    NetlinkEncoding.endNest(b, inner);
    NetlinkEncoding.endNest(b, outer);
    NetlinkEncoding.attr(b, 9, new byte[] {1, 2, 3});
    byte[] msg = NetlinkEncoding.finish(b);

    List<NetlinkMessage> split = NetlinkMessage.split(msg, msg.length);
    assertEquals(1, split.size());
    NetlinkMessage m = split.get(0);
    assertEquals(msg.length, ByteBuffer.wrap(msg).order(java.nio.ByteOrder.nativeOrder()).getInt(0));
    assertEquals(42, m.type());
    assertEquals(7, m.sequence());
    assertEquals(0, msg.length % 4, "messages are padded to 4 bytes");
    NetlinkAttributes a = m.attributes(4);
    assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9), a.types());
    assertEquals(0xfe, a.u8(1, -1));
    assertEquals(0xbeef, a.u16(2, -1));
    assertEquals(0xcafebabe, a.u32(3, -1));
    assertEquals(1L << 40, a.u64(4, -1));
    assertEquals(8080, a.u16Be(5, -1));
    assertEquals(0xc6120001, a.u32Be(6, -1));
    assertEquals("IPVS", a.string(7));
    assertEquals(99, a.nested(8).u32(1, -1));
    assertEquals("deep", a.nested(8).nested(2).string(1));
    assertArrayEquals(new byte[] {1, 2, 3}, a.bytes(9));
    assertNull(a.string(10));
    assertEquals(-1, a.u32(10, -1));
    assertFalse(a.nested(10).has(1));
  }

  @Test
  void aTruncatedAttributeEndsTheRegionAsTheKernelsLoopDoes() {
    ByteBuffer b = NetlinkEncoding.allocate(64);
    NetlinkEncoding.attrU32(b, 1, 5);
    b.putShort((short) 40).putShort((short) 2).putInt(0); // claims 40 bytes, has 8
    byte[] raw = java.util.Arrays.copyOf(b.array(), b.position());
    NetlinkAttributes a = NetlinkAttributes.parse(raw, 0, raw.length);
    assertEquals(List.of(1), a.types());
  }

  @Test
  void severalMessagesInOneDatagramAreSplit() {
    ByteBuffer one = NetlinkEncoding.allocate(64);
    NetlinkEncoding.header(one, (short) 16, (short) Netlink.NLM_F_MULTI, 3);
    NetlinkEncoding.attrString(one, 3, "lo");
    byte[] a = NetlinkEncoding.finish(one);
    ByteBuffer done = NetlinkEncoding.allocate(32);
    NetlinkEncoding.header(done, Netlink.NLMSG_DONE, (short) Netlink.NLM_F_MULTI, 3);
    done.putInt(0);
    byte[] d = NetlinkEncoding.finish(done);
    byte[] both = new byte[a.length + d.length];
    System.arraycopy(a, 0, both, 0, a.length);
    System.arraycopy(d, 0, both, a.length, d.length);
    List<NetlinkMessage> split = NetlinkMessage.split(both, both.length);
    assertEquals(2, split.size());
    assertEquals("lo", split.get(0).attributes(0).string(3));
    assertEquals(Netlink.NLMSG_DONE, split.get(1).type());
  }
}
