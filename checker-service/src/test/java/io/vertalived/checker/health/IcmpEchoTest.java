package io.vertalived.checker.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The echo request's bytes and the reply parser (RFC 792, checksum RFC 1071). */
class IcmpEchoTest {
  @Test
  void aRequestCarriesTypeIdentifierSequenceTokenAndAValidChecksum() {
    byte[] p = IcmpEcho.request(0x1234, 0xfffe, 0x0102030405060708L);
    assertEquals(16, p.length);
    assertEquals(8, p[0]);
    assertEquals(0, p[1]);
    assertEquals(0, IcmpEcho.checksum(p, 0, p.length), "the checksum makes the one's complement sum 0xffff");
    assertEquals(0x12, p[4]);
    assertEquals(0x34, p[5]);
    assertEquals((byte) 0xff, p[6]);
    assertEquals((byte) 0xfe, p[7]);
    assertEquals(1, p[8]);
    assertEquals(8, p[15]);
  }

  @Test
  void theChecksumOfRfc1071sExample() {
    // RFC 1071 section 3: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2, its complement is 220d
    byte[] data = {0x00, 0x01, (byte) 0xf2, 0x03, (byte) 0xf4, (byte) 0xf5, (byte) 0xf6, (byte) 0xf7};
    assertEquals(0x220d, IcmpEcho.checksum(data, 0, data.length));
  }

  @Test
  void aReplyIsParsedWithAndWithoutTheIpHeader() {
    byte[] reply = asReply(IcmpEcho.request(7, 9, 42L));
    assertEquals(new IcmpEcho.Reply(7, 9, 42L), IcmpEcho.parseReply(reply, reply.length, false));
    byte[] withIp = new byte[24 + reply.length];
    withIp[0] = 0x46; // version 4, IHL 6 (an IP option): the ICMP message starts at byte 24
    System.arraycopy(reply, 0, withIp, 24, reply.length);
    assertEquals(new IcmpEcho.Reply(7, 9, 42L), IcmpEcho.parseReply(withIp, withIp.length, true));
  }

  @Test
  void requestsBadChecksumsAndShortMessagesAreNotReplies() {
    byte[] request = IcmpEcho.request(7, 9, 42L);
    assertNull(IcmpEcho.parseReply(request, request.length, false), "type 8 is a request (our own, on loopback)");
    byte[] reply = asReply(request);
    reply[15] ^= 1;
    assertNull(IcmpEcho.parseReply(reply, reply.length, false), "bad checksum");
    assertNull(IcmpEcho.parseReply(asReply(request), 12, false), "too short");
    assertNull(IcmpEcho.parseReply(new byte[40], 40, true), "not IPv4");
  }

  /** The request turned into the reply a host sends back: type 0, checksum recomputed. */
  private static byte[] asReply(byte[] request) {
    byte[] r = request.clone();
    r[0] = 0;
    r[2] = 0;
    r[3] = 0;
    int sum = IcmpEcho.checksum(r, 0, r.length);
    r[2] = (byte) (sum >> 8);
    r[3] = (byte) sum;
    return r;
  }
}
