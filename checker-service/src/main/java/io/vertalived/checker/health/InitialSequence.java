package io.vertalived.checker.health;

import io.netty.channel.epoll.LinuxSocket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;

/**
 * A random initial sequence number for a socket's next connect. A socket dissolved to connect again (connect(2),
 * {@code AF_UNSPEC}) would start its next connection at its last sequence number plus its peer's largest window
 * plus 2 (the kernel's {@code tcp_disconnect}): known to anyone who saw one of its SYNs, to any real server. RFC 6528
 * section 3 wants initial sequence numbers an off-path attacker cannot guess (else a forged SYN-ACK, and a forged
 * response, can pass a dead real server, or fail a live one, with only the source port to guess); a fresh socket has
 * one, so a reused one gets one too: 32 random bits, set through the kernel's TCP repair interface (linux/tcp.h:
 * {@code TCP_REPAIR}, {@code TCP_REPAIR_QUEUE}, {@code TCP_QUEUE_SEQ}), which needs {@code CAP_NET_ADMIN} and a
 * closed socket. The numbers come from a {@link SecureRandom}, 1,024 at a time. One per event-loop thread.
 */
final class InitialSequence {
  /** From linux/in.h and linux/tcp.h. */
  private static final int IPPROTO_TCP = 6;
  private static final int TCP_REPAIR = 19;
  private static final int TCP_REPAIR_QUEUE = 20;
  private static final int TCP_QUEUE_SEQ = 21;
  private static final int TCP_REPAIR_ON = 1;
  /** Repair off without the window probe an established socket would send. */
  private static final int TCP_REPAIR_OFF_NO_WP = -1;
  private static final int TCP_SEND_QUEUE = 2;

  private final SecureRandom random = new SecureRandom();
  private final ByteBuffer numbers = ByteBuffer.allocate(4096).position(4096);

  /** Gives {@code socket} (closed, or dissolved) a random initial sequence number; fails without CAP_NET_ADMIN. */
  void renew(LinuxSocket socket) throws IOException {
    if (!numbers.hasRemaining()) {
      random.nextBytes(numbers.array());
      numbers.clear();
    }
    set(socket, numbers.getInt());
  }

  /** The sequence number {@code socket}'s next connect starts at (its SYN's), {@code socket} closed or dissolved. */
  static void set(LinuxSocket socket, int sequence) throws IOException {
    inRepair(socket, () -> socket.setIntOpt(IPPROTO_TCP, TCP_QUEUE_SEQ, sequence));
  }

  /** The next sequence number {@code socket} sends (after a connect's SYN: its initial one plus 1). */
  static int next(LinuxSocket socket) throws IOException {
    int[] sequence = new int[1];
    inRepair(socket, () -> sequence[0] = socket.getIntOpt(IPPROTO_TCP, TCP_QUEUE_SEQ));
    return sequence[0];
  }

  private interface SendQueueStep {
    void run() throws IOException;
  }

  private static void inRepair(LinuxSocket socket, SendQueueStep step) throws IOException {
    socket.setIntOpt(IPPROTO_TCP, TCP_REPAIR, TCP_REPAIR_ON);
    try {
      socket.setIntOpt(IPPROTO_TCP, TCP_REPAIR_QUEUE, TCP_SEND_QUEUE);
      step.run();
    } finally {
      socket.setIntOpt(IPPROTO_TCP, TCP_REPAIR, TCP_REPAIR_OFF_NO_WP);
    }
  }
}
