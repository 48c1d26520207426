package io.vertalived.checker.health;

import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollEventArray;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.epoll.LinuxSocket;
import io.netty.channel.epoll.Native;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.concurrent.FastThreadLocal;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * The probe connections of one event loop, on sockets of their own in an epoll instance of their own, itself one
 * registration in the event loop's epoll (epoll(7): an epoll file descriptor is pollable, readable while it has ready
 * events). A socket serves connection after connection (connect(2): a TCP socket connected to {@code AF_UNSPEC} is
 * dissolved, with an RST if it was established, and may connect again): it joins the epoll set once, with its whole
 * interest, and waits idle between connections, with a random initial sequence number for the next
 * ({@link InitialSequence}: as unguessable as a new socket's). A check is then its connect, its event, the dissolution
 * and the new sequence number (three system calls), where a new socket each time cost its creation, options, an {@code epoll_ctl}, its
 * close, and the kernel's making and freeing of a socket (where the sequence number cannot be set, without
 * CAP_NET_ADMIN, each connection has a new socket as before); and a registration of its own in Netty's epoll cost a second {@code epoll_ctl} (Netty adds
 * with no interest, then modifies) and Netty's registration objects (docs/benchmarks.md). The idle sockets are a
 * few, as many as were ever busy at once (at most {@link #IDLE_AT_MOST} a family), not one per real server. When the
 * event loop's epoll says this one is ready, one {@code epoll_wait} without a timeout takes up to {@link #BATCH}
 * ready sockets and each one's connection gets its events; more left wait for the next turn of the loop (the
 * registration is level-triggered). Runs on the event loop's thread only; one per event-loop thread, made on first
 * use ({@link #of}) and closed, with every connection and socket in it, when the event loop closes.
 *
 * <p>Netty's {@link EpollEventArray} (the buffer {@code epoll_wait} fills) has no public constructor: it is made by
 * reflection once, and where that is refused {@link #AVAILABLE} is false and the probes use Netty channels
 * ({@link EpollConnect#on}).
 */
final class NestedEpoll implements EpollIoHandle {
  /** Ready connections taken from one {@code epoll_wait}. */
  private static final int BATCH = 256;

  /** Idle sockets kept of each family: what is ever more at once between two connections is closed. */
  private static final int IDLE_AT_MOST = 256;

  /** From linux/in.h and linux/tcp.h (tcp(7)). */
  private static final int IPPROTO_TCP = 6;
  private static final int TCP_DEFER_ACCEPT = 9;

  /** A socket's one interest for its whole life: writable (a connect's outcome) and readable, edge-triggered. */
  private static final int INTEREST = Native.EPOLLOUT | Native.EPOLLIN | Native.EPOLLET;

  private static final Constructor<EpollEventArray> NEW_ARRAY;
  private static final Field MEMORY;
  private static final Method FREE;

  /** Whether this can be made here (Linux with Netty's epoll, the event array reachable). */
  static final boolean AVAILABLE;

  static {
    Constructor<EpollEventArray> constructor = null;
    Field memory = null;
    Method free = null;
    try {
      constructor = EpollEventArray.class.getDeclaredConstructor(int.class);
      constructor.setAccessible(true);
      memory = EpollEventArray.class.getDeclaredField("memory");
      memory.setAccessible(true);
      free = EpollEventArray.class.getDeclaredMethod("free");
      free.setAccessible(true);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      constructor = null;
    }
    NEW_ARRAY = constructor;
    MEMORY = memory;
    FREE = free;
    AVAILABLE = constructor != null;
  }

  private static final FastThreadLocal<NestedEpoll> OF_THREAD = new FastThreadLocal<>();

  private static final Logger LOG = Logger.getLogger("io.vertalived.checker");
  /** Whether this JVM said so once already. */
  private static final AtomicBoolean TOLD_NO_REUSE = new AtomicBoolean();

  private final FileDescriptor epoll;
  private final EpollEventArray array;
  /** The array's memory as {@code epoll_wait} fills it: {@code struct epoll_event} after another. */
  private final ByteBuffer events;
  private final int eventSize = Native.sizeofEpollEvent();
  private final int dataOffset = Native.offsetofEpollData();
  /** The connection of each descriptor in this epoll (null: idle); descriptors are small numbers, reused once closed. */
  private EpollConnection[] byFd = new EpollConnection[1024];
  /** Sockets between two connections, still in the epoll set: IPv4 and IPv6. */
  private final ArrayDeque<LinuxSocket> idle4 = new ArrayDeque<>();
  private final ArrayDeque<LinuxSocket> idle6 = new ArrayDeque<>();
  /** Counts the {@code epoll_wait}s: a connection added while a batch is handed out has no event in it. */
  private long batch;
  /** Whether sockets serve connect after connect: only while their initial sequence numbers can be renewed. */
  private boolean reuse = true;
  private final InitialSequence sequence = new InitialSequence();
  private IoRegistration registration;
  private boolean closed;

  private NestedEpoll(IoEventLoop loop) throws ReflectiveOperationException {
    this.array = NEW_ARRAY.newInstance(BATCH);
    this.events = ((ByteBuffer) MEMORY.get(array)).duplicate().order(ByteOrder.nativeOrder());
    this.epoll = Native.newEpollCreate();
    io.netty.util.concurrent.Future<IoRegistration> registering = loop.register(this);
    if (registering.isDone()) {
      registered(registering);
    } else {
      registering.addListener(f -> registered(registering));
    }
  }

  /** The one of the current thread, an event loop's ({@code loop}); made on first use. */
  static NestedEpoll of(IoEventLoop loop) throws IOException {
    NestedEpoll nested = OF_THREAD.getIfExists();
    if (nested == null || nested.closed) {
      try {
        nested = new NestedEpoll(loop);
      } catch (ReflectiveOperationException | RuntimeException e) {
        throw new IOException("no epoll of the probes' own: " + e, e);
      }
      OF_THREAD.set(nested);
    }
    return nested;
  }

  private void registered(io.netty.util.concurrent.Future<IoRegistration> f) {
    if (!f.isSuccess()) { // the event loop is shutting down: its connections end (and the next makes another)
      close();
      return;
    }
    registration = f.getNow();
    try {
      registration.submit(EpollIoOps.EPOLLIN);
    } catch (RuntimeException e) { // the event loop is shutting down
      close();
    }
  }

  /**
   * A socket for {@code connection}'s connect, in this epoll's set: an idle one of the family when there is one and
   * {@code local} is null, else a new one (with {@code SO_LINGER 0}, so a close resets, and bound to {@code local}
   * when given, and {@code TCP_DEFER_ACCEPT}: see {@link #newSocket}). {@code connection} hears of
   * the socket's events from the next {@code epoll_wait} on ({@link #of} gives no closed one). Fails when the kernel
   * refuses.
   */
  LinuxSocket socketFor(EpollConnection connection, boolean ipv6, InetSocketAddress local, boolean reuseAddress)
      throws IOException {
    LinuxSocket socket = local == null ? (ipv6 ? idle6 : idle4).pollLast() : null;
    if (socket == null) {
      socket = newSocket(ipv6, local, reuseAddress);
    }
    int fd = socket.intValue();
    if (fd >= byFd.length) {
      byFd = Arrays.copyOf(byFd, Math.max(fd + 1, byFd.length * 2));
    }
    connection.addedInBatch = batch;
    byFd[fd] = connection;
    return socket;
  }

  /**
   * A new socket in this epoll's set. {@code SO_LINGER 0}: a close resets. {@code TCP_DEFER_ACCEPT}, on a connecting
   * socket, has the kernel hold back the handshake's last ACK until there is data to carry it (the kernel's
   * {@code tcp_rcv_synsent_state_process}: as with {@code TCP_QUICKACK} off, tcp(7)), see {@link EpollConnection};
   * unlike {@code TCP_QUICKACK}, which each handshake turns back on, it stays through dissolutions, so a reused socket
   * needs no option set per check. One that may serve again is readied for its later initial sequence numbers
   * ({@link #preparedForReuse}).
   */
  private LinuxSocket newSocket(boolean ipv6, InetSocketAddress local, boolean reuseAddress) throws IOException {
    LinuxSocket socket = LinuxSocket.newSocketStream(ipv6);
    if (local == null && reuse && !preparedForReuse(socket)) {
      // a preparation that failed part-way may have left the socket in repair mode, where a connect sends no SYN
      // and "succeeds": it is not used, a plain one serves instead (and reuse is off from now on)
      close(socket);
      socket = LinuxSocket.newSocketStream(ipv6);
    }
    try {
      socket.setSoLinger(0);
      socket.setIntOpt(IPPROTO_TCP, TCP_DEFER_ACCEPT, 1);
      if (local != null) {
        socket.setReuseAddress(reuseAddress);
        socket.bind(local);
      }
      Native.epollCtlAdd(epoll.intValue(), socket.intValue(), INTEREST);
    } catch (IOException | RuntimeException e) {
      close(socket);
      throw e;
    }
    return socket;
  }

  /**
   * Whether a new socket was readied for the initial sequence numbers of its later connections
   * ({@link InitialSequence#prepare}); where the kernel refuses (no CAP_NET_ADMIN) no socket is reused from then on.
   */
  private boolean preparedForReuse(LinuxSocket socket) {
    try {
      InitialSequence.prepare(socket);
      return true;
    } catch (IOException | RuntimeException e) {
      stopReuse(e);
      return false;
    }
  }

  /** No socket is reused from now on: its next initial sequence number could not be made random ({@code why}). */
  private void stopReuse(Exception why) {
    reuse = false;
    if (!TOLD_NO_REUSE.getAndSet(true)) {
      LOG.info("probe sockets are not reused (their next initial sequence number cannot be made random: "
          + why.getMessage() + "; TCP repair needs CAP_NET_ADMIN): a new socket for each check");
    }
  }

  /**
   * {@code connection} is done with {@code socket}: its connection, if any, ends with an RST, and the socket waits
   * idle for the next connect (connect(2): a TCP socket connected to an address of family {@code AF_UNSPEC} is
   * dissolved and may connect again; the kernel then resets an established connection as a close with
   * {@code SO_LINGER 0} would, and releases its ephemeral port). The error the dissolution leaves on the socket
   * (ECONNRESET) makes the idle socket's events, which go to no connection; the kernel clears it as the next connect
   * starts (EpollConnectTest: each outcome is the check's own). Its next initial sequence number is made random
   * ({@link InitialSequence}: one option, the socket having been prepared when it was made; where that was refused,
   * without CAP_NET_ADMIN, no socket is reused from then on). A socket
   * {@code bound} to a local address of the configuration, or one too many, is closed instead, which resets as well.
   */
  void release(EpollConnection connection, LinuxSocket socket, boolean ipv6, boolean bound) {
    int fd = socket.intValue();
    if (fd < byFd.length && byFd[fd] == connection) {
      byFd[fd] = null;
    }
    ArrayDeque<LinuxSocket> idle = ipv6 ? idle6 : idle4;
    if (reuse && !bound && !closed && idle.size() < IDLE_AT_MOST) {
      try {
        socket.disconnect();
      } catch (IOException | RuntimeException e) {
        close(socket);
        return;
      }
      try {
        sequence.renew(socket);
      } catch (IOException | RuntimeException e) { // not expected of a prepared socket: none is reused from now on
        stopReuse(e);
        close(socket);
        return;
      }
      idle.addLast(socket);
      return;
    }
    close(socket);
  }

  private static void close(LinuxSocket socket) {
    try {
      socket.close(); // which takes it out of the epoll set too
    } catch (IOException ignored) {
      // an RST's close does not fail in a way that changes a check's outcome
    }
  }

  /** The event loop's epoll says some connections are ready: each gets its events. */
  @Override
  public void handle(IoRegistration r, IoEvent event) {
    if (closed) {
      return;
    }
    int n;
    batch++;
    try {
      n = Native.epollWait(epoll, array, epoll, 0, 0);
    } catch (IOException e) { // EINTR is retried by Netty's native code; nothing else is expected of a valid epoll
      return;
    }
    for (int i = 0; i < n; i++) {
      int at = i * eventSize;
      int fd = events.getInt(at + dataOffset);
      EpollConnection connection = fd < byFd.length ? byFd[fd] : null;
      if (connection != null && connection.addedInBatch != batch) {
        try {
          connection.handle(events.getInt(at));
        } catch (RuntimeException e) { // one connection's fault ends it, not the batch's other events
          connection.finish(e);
        }
      }
    }
  }

  @Override
  public FileDescriptor fd() {
    return epoll;
  }

  /** The event loop closes (or this epoll could not join it): every connection in it ends, then the epoll. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (EpollConnection connection : byFd) {
      if (connection != null) {
        connection.close();
      }
    }
    Arrays.fill(byFd, null);
    idle4.forEach(NestedEpoll::close);
    idle6.forEach(NestedEpoll::close);
    idle4.clear();
    idle6.clear();
    if (registration != null) {
      registration.cancel();
    }
    try {
      epoll.close();
    } catch (IOException ignored) {
      // nothing is left to tell
    }
    try {
      FREE.invoke(array);
    } catch (ReflectiveOperationException ignored) {
      // its memory then goes with the object
    }
  }
}
