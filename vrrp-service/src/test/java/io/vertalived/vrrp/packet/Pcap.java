package io.vertalived.vrrp.packet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the Ethernet frames of a libpcap or pcapng file (test helper for the golden captures). */
final class Pcap {
  private Pcap() {}

  /** A capture of keepalived 2.2.7's adverts kept in the test resources ({@code golden/}). */
  static Path golden(String name) {
    java.net.URL url = Pcap.class.getResource("/golden/" + name);
    if (url == null) {
      throw new IllegalStateException("test resource golden/" + name + " is missing");
    }
    try {
      return Path.of(url.toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<byte[]> frames(Path file) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
    if (b.order(ByteOrder.BIG_ENDIAN).getInt(0) == 0x0a0d0d0a) {
      return pcapng(b);
    }
    int magic = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
    if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
      b.order(ByteOrder.BIG_ENDIAN);
    }
    b.position(24);
    List<byte[]> frames = new ArrayList<>();
    while (b.remaining() >= 16) {
      b.getInt();
      b.getInt();
      int captured = b.getInt();
      b.getInt();
      byte[] frame = new byte[captured];
      b.get(frame);
      frames.add(frame);
    }
    return frames;
  }

  /** pcapng: Enhanced Packet Blocks (type 6) hold the frames; byte order from the section header. */
  private static List<byte[]> pcapng(ByteBuffer b) {
    b.order(b.order(ByteOrder.LITTLE_ENDIAN).getInt(8) == 0x1a2b3c4d ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    List<byte[]> frames = new ArrayList<>();
    int pos = 0;
    while (pos + 12 <= b.limit()) {
      int type = b.getInt(pos);
      int length = b.getInt(pos + 4);
      if (length < 12 || pos + length > b.limit()) {
        break;
      }
      if (type == 6) {
        int captured = b.getInt(pos + 20);
        byte[] frame = new byte[captured];
        b.get(pos + 28, frame);
        frames.add(frame);
      }
      pos += length;
    }
    return frames;
  }

  /** The fixed IPv6 header of a frame (RFC 8200 3) and what follows it; no extension headers are followed. */
  record Ipv6Packet(int trafficClass, int hopLimit, int nextHeader, java.net.InetAddress source,
      java.net.InetAddress destination, byte[] payload) {}

  /** The IPv6 packet of an Ethernet frame, or null for other ethertypes. */
  static Ipv6Packet ipv6(byte[] frame) throws java.net.UnknownHostException {
    if (frame.length < 54 || (frame[12] & 0xff) != 0x86 || (frame[13] & 0xff) != 0xdd) {
      return null;
    }
    int tc = ((frame[14] & 0x0f) << 4) | ((frame[15] & 0xf0) >> 4);
    int length = ((frame[18] & 0xff) << 8) | (frame[19] & 0xff);
    return new Ipv6Packet(tc, frame[21] & 0xff, frame[20] & 0xff,
        java.net.InetAddress.getByAddress(java.util.Arrays.copyOfRange(frame, 22, 38)),
        java.net.InetAddress.getByAddress(java.util.Arrays.copyOfRange(frame, 38, 54)),
        java.util.Arrays.copyOfRange(frame, 54, 54 + length));
  }

  /** The IPv4 datagram of an Ethernet frame, or null for other ethertypes (ARP). */
  static Ipv4Datagram ipv4(byte[] frame) {
    if (frame.length < 34 || (frame[12] & 0xff) != 0x08 || frame[13] != 0x00) {
      return null;
    }
    byte[] ip = java.util.Arrays.copyOfRange(frame, 14, frame.length);
    return Ipv4Datagram.parse(ip, ip.length);
  }
}
