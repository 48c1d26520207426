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
 * one, so a reused one gets one too: 32 random bits, set through the kernel's TCP repair interface (linux/tcp.h).
 * Once per socket, {@link #prepare} turns repair mode on ({@code TCP_REPAIR}, which needs {@code CAP_NET_ADMIN}),
 * selects the send queue ({@code TCP_REPAIR_QUEUE}) and turns repair mode off again: the selection stays (only
 * turning repair mode on resets it), and a closed socket whose send queue is selected takes {@code TCP_QUEUE_SEQ}
 * outside repair mode, so each renewal is one {@code setsockopt} where the whole sequence was four. The numbers come
 * from a {@link SecureRandom}, 1,024 at a time. One per event-loop thread.
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

  /**
   * Makes {@code socket} (new, not connected) one whose initial sequence number can be set, {@link #set} and
   * {@link #renew}, for the rest of its life; fails without CAP_NET_ADMIN. Done, it leaves the socket out of repair
   * mode: its connects are ordinary ones. A failure after repair mode was turned on may leave it in, where a connect
   * sends no SYN and succeeds: a socket whose preparation failed is not to be connected.
   */
  static void prepare(LinuxSocket socket) throws IOException {
    socket.setIntOpt(IPPROTO_TCP, TCP_REPAIR, TCP_REPAIR_ON);
    try {
      socket.setIntOpt(IPPROTO_TCP, TCP_REPAIR_QUEUE, TCP_SEND_QUEUE);
    } finally {
      socket.setIntOpt(IPPROTO_TCP, TCP_REPAIR, TCP_REPAIR_OFF_NO_WP);
    }
  }

  /** Gives {@code socket} (prepared, and closed or dissolved) a random initial sequence number. */
  void renew(LinuxSocket socket) throws IOException {
    if (!numbers.hasRemaining()) {
      random.nextBytes(numbers.array());
      numbers.clear();
    }
    set(socket, numbers.getInt());
  }

  /**
   * The sequence number {@code socket}'s next connect starts at (its SYN's), {@code socket} {@link #prepare}d and
   * closed or dissolved; one not prepared is refused (EINVAL), not left with the kernel's continuation unsaid.
   */
  static void set(LinuxSocket socket, int sequence) throws IOException {
    socket.setIntOpt(IPPROTO_TCP, TCP_QUEUE_SEQ, sequence);
  }

  /** The next sequence number {@code socket} ({@link #prepare}d) sends (after a connect's SYN: its initial one plus 1). */
  static int next(LinuxSocket socket) throws IOException {
    return socket.getIntOpt(IPPROTO_TCP, TCP_QUEUE_SEQ);
  }
}
