package io.vertalived.vrrp.net;

import io.vertalived.core.net.LibC;

/**
 * The kernel's receive time of a socket's last datagram (SIOCGSTAMPNS, CLOCK_REALTIME) on the {@link System#nanoTime()}
 * scale, so that timers start when the advert arrived (RFC 5798 6.4.2), not when a thread got to it. One per
 * receive thread.
 */
final class ReceiveTimestamp {
  private static final long SIOCGSTAMPNS = 0x8907;
  private final int fd;
  private final byte[] stamp = new byte[16];

  /** The first call switches the socket's timestamps on (it answers ENOENT). */
  ReceiveTimestamp(int fd) {
    this.fd = fd;
    LibC.ioctl(fd, SIOCGSTAMPNS, stamp);
  }

  /** The last datagram's receive time; now if there is none or it looks wrong. */
  long nanos() {
    long now = System.nanoTime();
    if (LibC.ioctl(fd, SIOCGSTAMPNS, stamp) < 0) {
      return now;
    }
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(stamp).order(java.nio.ByteOrder.nativeOrder());
    java.time.Instant wall = java.time.Instant.now();
    long age = (wall.getEpochSecond() - b.getLong(0)) * 1_000_000_000L + wall.getNano() - b.getLong(8);
    return age >= 0 && age < 1_000_000_000L ? now - age : now;
  }
}
