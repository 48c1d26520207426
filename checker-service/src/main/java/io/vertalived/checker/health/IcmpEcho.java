package io.vertalived.checker.health;

import java.nio.ByteBuffer;

/**
 * ICMP echo request and reply (RFC 792, "Echo or Echo Reply Message"): type 8 / 0, code 0, the
 * Internet checksum (RFC 1071) over the ICMP message, identifier, sequence number, and our
 * 8-byte token as data, so that a reply is matched to the request that is still waiting for it.
 * Pure: bytes in, bytes out.
 */
final class IcmpEcho {
  static final int ECHO_REPLY = 0;
  static final int ECHO_REQUEST = 8;
  static final int LENGTH = 16;

  private IcmpEcho() {}

  /** A reply's identifier, sequence number and token. */
  record Reply(int identifier, int sequence, long token) {}

  /** An echo request: 8-byte header and the token as data. */
  static byte[] request(int identifier, int sequence, long token) {
    ByteBuffer b = ByteBuffer.allocate(LENGTH);
    b.put((byte) ECHO_REQUEST).put((byte) 0).putShort((short) 0);
    b.putShort((short) identifier).putShort((short) sequence).putLong(token);
    byte[] packet = b.array();
    int sum = checksum(packet, 0, packet.length);
    packet[2] = (byte) (sum >> 8);
    packet[3] = (byte) sum;
    return packet;
  }

  /**
   * The echo reply in a datagram, or null when it is something else (another ICMP type, too
   * short, a bad checksum). {@code withIpHeader}: a raw socket's datagram starts with the IPv4
   * header (its length from IHL); a ping socket's (SOCK_DGRAM) with the ICMP message.
   */
  static Reply parseReply(byte[] datagram, int length, boolean withIpHeader) {
    int at = 0;
    if (withIpHeader) {
      if (length < 20 || (datagram[0] >> 4 & 0xf) != 4) {
        return null;
      }
      at = (datagram[0] & 0xf) * 4;
    }
    if (length - at < LENGTH || (datagram[at] & 0xff) != ECHO_REPLY || datagram[at + 1] != 0
        || checksum(datagram, at, length - at) != 0) {
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(datagram, at, length - at);
    b.position(at + 4);
    return new Reply(b.getShort() & 0xffff, b.getShort() & 0xffff, b.getLong());
  }

  /** RFC 1071: the 16-bit one's complement of the one's complement sum; 0 over a message that carries it. */
  static int checksum(byte[] data, int offset, int length) {
    long sum = 0;
    int i = offset;
    for (; i + 1 < offset + length; i += 2) {
      sum += (data[i] & 0xff) << 8 | data[i + 1] & 0xff;
    }
    if (i < offset + length) {
      sum += (data[i] & 0xff) << 8;
    }
    while (sum >> 16 != 0) {
      sum = (sum & 0xffff) + (sum >> 16);
    }
    return (int) ~sum & 0xffff;
  }
}
