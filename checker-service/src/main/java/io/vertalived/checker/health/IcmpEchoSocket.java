package io.vertalived.checker.health;

import com.sun.jna.Native;
import io.vertalived.core.net.LibC;
import io.vertalived.core.net.NativeIoException;
import io.vertalived.core.net.ReceiveLoop;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import java.net.Inet4Address;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JVM's one ICMP socket for {@code PING_CHECK}: a raw socket (root or CAP_NET_RAW), else an
 * unprivileged ping socket (SOCK_DGRAM, allowed by {@code net.ipv4.ping_group_range}, where the
 * kernel picks the identifier and passes us our replies only). Requests are sent from the
 * caller's event loop without blocking; one {@link ReceiveLoop} thread reads the replies and
 * completes each waiting echo on its caller's context. Shared by every probe and released by
 * the last one ({@link #acquire}, {@link #release}).
 */
final class IcmpEchoSocket {
  private static final int IPPROTO_ICMP = 1;
  private static IcmpEchoSocket shared;
  private static int users;

  private final int fd;
  private final boolean raw;
  private final int identifier = ThreadLocalRandom.current().nextInt(1 << 16);
  private final AtomicInteger sequence = new AtomicInteger(ThreadLocalRandom.current().nextInt(1 << 16));
  private final Map<Integer, Waiting> waiting = new ConcurrentHashMap<>();
  private final ReceiveLoop receiver;

  private record Waiting(long token, Context context, Promise<Void> reply) {}

  private IcmpEchoSocket() throws NativeIoException {
    int s = LibC.socket(LibC.AF_INET, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, IPPROTO_ICMP);
    boolean isRaw = s >= 0;
    if (!isRaw) {
      int rawErrno = Native.getLastError();
      s = LibC.socket(LibC.AF_INET, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, IPPROTO_ICMP);
      if (s < 0) {
        throw new NativeIoException("socket(SOCK_RAW, IPPROTO_ICMP) and the ping socket (SOCK_DGRAM; "
            + "net.ipv4.ping_group_range)", rawErrno);
      }
    }
    this.fd = s;
    this.raw = isRaw;
    try {
      this.receiver = new ReceiveLoop("vertalived-icmp", fd, 65_536, this::received);
    } catch (NativeIoException e) {
      LibC.close(fd);
      throw e;
    }
  }

  static synchronized IcmpEchoSocket acquire() throws NativeIoException {
    if (shared == null) {
      shared = new IcmpEchoSocket();
    }
    users++;
    return shared;
  }

  static synchronized void release() {
    if (--users == 0 && shared != null) {
      shared.receiver.close();
      LibC.close(shared.fd);
      shared = null;
    }
  }

  /**
   * Sends an echo request to {@code target}; the future completes on the caller's context when
   * the reply comes. The caller bounds the wait and then calls {@link #forget}.
   *
   * @return the request's sequence number, for {@link #forget}
   */
  int echo(Inet4Address target, Promise<Void> reply) {
    Context context = io.vertx.core.Vertx.currentContext();
    long token = ThreadLocalRandom.current().nextLong();
    int seq = sequence.getAndIncrement() & 0xffff;
    if (waiting.putIfAbsent(seq, new Waiting(token, context, reply)) != null) {
      reply.tryFail("65,536 pings are waiting for replies");
      return seq;
    }
    byte[] packet = IcmpEcho.request(identifier, seq, token);
    byte[] to = LibC.sockaddrIn(target, 0);
    if (LibC.sendto(fd, packet, packet.length, LibC.MSG_DONTWAIT, to, to.length) < 0) {
      waiting.remove(seq);
      reply.tryFail("sending the echo request failed: " + LibC.lastError());
    }
    return seq;
  }

  /** The wait for {@code seq} is over (timed out): a late reply is dropped. */
  void forget(int seq) {
    waiting.remove(seq);
  }

  private void received(byte[] datagram, int length) {
    IcmpEcho.Reply r = IcmpEcho.parseReply(datagram, length, raw);
    if (r == null || raw && r.identifier() != identifier) {
      return;
    }
    Waiting w = waiting.get(r.sequence());
    if (w != null && w.token() == r.token() && waiting.remove(r.sequence(), w)) {
      w.context().runOnContext(v -> w.reply().tryComplete());
    }
  }
}
