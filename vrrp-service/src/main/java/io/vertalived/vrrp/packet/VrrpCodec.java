package io.vertalived.vrrp.packet;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes the VRRP part of an advertisement (the kernel builds the IP header).
 *
 * <pre>
 *  0                   1                   2                   3
 *  |Version| Type  | Virtual Rtr ID|   Priority    | Count IPvX Addr|
 *  v2: |  Auth Type    |   Adver Int   |          Checksum             |
 *  v3: |(rsvd) |     Max Adver Int     |          Checksum             |
 *  IPvX address(es) ... ; v2 only: Authentication Data (8 bytes)
 * </pre>
 *
 * Checksums: v2 covers the VRRP packet (RFC 3768 5.3.8); v3 adds the IPv4/IPv6 pseudo-header
 * with the actual destination (RFC 5798 5.2.8) unless {@code v3_checksum_as_v2}.
 */
public final class VrrpCodec {
  public static final int HEADER_LENGTH = 8;
  public static final int AUTH_DATA_LENGTH = 8;

  private VrrpCodec() {}

  /** The on-wire length of a VRRP packet with {@code count} addresses. */
  public static int length(int version, int count, boolean ipv6) {
    return HEADER_LENGTH + count * (ipv6 ? 16 : 4) + (version == 2 ? AUTH_DATA_LENGTH : 0);
  }

  /**
   * The bytes of {@code p} with the checksum computed ({@code p.checksum()} is ignored).
   * {@code src}/{@code dst} are the IP addresses of the datagram (for the v3 pseudo-header).
   */
  public static byte[] encode(VrrpPacket p, InetAddress src, InetAddress dst, boolean v3ChecksumAsV2) {
    boolean ipv6 = !p.addresses().isEmpty() ? !(p.addresses().get(0) instanceof Inet4Address)
        : !(src instanceof Inet4Address);
    byte[] b = new byte[length(p.version(), p.addresses().size(), ipv6)];
    b[0] = (byte) ((p.version() << 4) | (p.type() & 0x0f));
    b[1] = (byte) p.virtualRouterId();
    b[2] = (byte) p.priority();
    b[3] = (byte) p.addresses().size();
    if (p.version() == 2) {
      b[4] = (byte) p.authType();
      b[5] = (byte) p.maxAdvertInterval();
    } else {
      b[4] = (byte) ((p.maxAdvertInterval() >> 8) & 0x0f);
      b[5] = (byte) p.maxAdvertInterval();
    }
    int off = HEADER_LENGTH;
    for (InetAddress a : p.addresses()) {
      byte[] raw = a.getAddress();
      System.arraycopy(raw, 0, b, off, raw.length);
      off += raw.length;
    }
    if (p.version() == 2) {
      byte[] auth = p.authData();
      System.arraycopy(auth, 0, b, off, Math.min(auth.length, AUTH_DATA_LENGTH));
    }
    int sum = checksum(b, p.version(), src, dst, v3ChecksumAsV2);
    b[6] = (byte) (sum >> 8);
    b[7] = (byte) sum;
    return b;
  }

  /** The checksum of a VRRP packet whose checksum field is zero or already filled in. */
  public static int checksum(byte[] vrrp, int version, InetAddress src, InetAddress dst, boolean v3ChecksumAsV2) {
    byte[] copy = vrrp.clone();
    copy[6] = 0;
    copy[7] = 0;
    long sum = 0;
    if (version == 3 && !v3ChecksumAsV2) {
      sum = pseudoHeader(src, dst, copy.length);
    }
    return InternetChecksum.finish(InternetChecksum.add(sum, copy, 0, copy.length));
  }

  private static long pseudoHeader(InetAddress src, InetAddress dst, int length) {
    byte[] s = src.getAddress();
    byte[] d = dst.getAddress();
    long sum = InternetChecksum.add(0, s, 0, s.length);
    sum = InternetChecksum.add(sum, d, 0, d.length);
    if (s.length == 4) {
      // RFC 768-style IPv4 pseudo-header: zero, protocol, VRRP length
      sum += VrrpPacket.IPPROTO_VRRP;
      sum += length;
    } else {
      // RFC 8200 8.1: upper-layer length (32 bits), zeros, next header
      sum += length;
      sum += VrrpPacket.IPPROTO_VRRP;
    }
    return sum;
  }

  /** Why a datagram could not even be read as VRRP. */
  public static final class MalformedPacketException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedPacketException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Reads a VRRP packet from {@code len} bytes at {@code off}. Only the structure is checked
   * (enough bytes for the header, the addresses it counts and v2's auth data); the protocol
   * checks are the validator's.
   */
  public static VrrpPacket decode(byte[] buf, int off, int len, boolean ipv6) throws MalformedPacketException {
    if (len < HEADER_LENGTH) {
      throw new MalformedPacketException("packet too short for a VRRP header: " + len + " bytes");
    }
    int version = (buf[off] >> 4) & 0x0f;
    int type = buf[off] & 0x0f;
    int count = buf[off + 3] & 0xff;
    int needed = length(version == 2 ? 2 : 3, count, ipv6);
    if (len < needed) {
      throw new MalformedPacketException("packet of " + len + " bytes too short for " + count
          + " addresses (needs " + needed + ")");
    }
    int authType = 0;
    int interval;
    if (version == 2) {
      authType = buf[off + 4] & 0xff;
      interval = buf[off + 5] & 0xff;
    } else {
      interval = ((buf[off + 4] & 0x0f) << 8) | (buf[off + 5] & 0xff);
    }
    int checksum = ((buf[off + 6] & 0xff) << 8) | (buf[off + 7] & 0xff);
    List<InetAddress> addrs = new ArrayList<>(count);
    int size = ipv6 ? 16 : 4;
    int p = off + HEADER_LENGTH;
    try {
      for (int i = 0; i < count; i++) {
        byte[] raw = new byte[size];
        System.arraycopy(buf, p, raw, 0, size);
        addrs.add(InetAddress.getByAddress(raw));
        p += size;
      }
    } catch (UnknownHostException e) {
      throw new MalformedPacketException("bad address length");
    }
    byte[] auth = new byte[0];
    if (version == 2) {
      auth = new byte[AUTH_DATA_LENGTH];
      System.arraycopy(buf, p, auth, 0, AUTH_DATA_LENGTH);
    }
    return new VrrpPacket(version, type, buf[off + 1] & 0xff, buf[off + 2] & 0xff, authType,
        interval, checksum, addrs, auth);
  }
}
