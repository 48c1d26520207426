package io.vertalived.core.net;

import com.sun.jna.Native;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A dedicated thread reading one socket (or another non-blocking descriptor, such as an
 * inotify instance, with {@link #ofDescriptor}): {@code poll({fd, eventfd})}, then non-blocking
 * reads until EAGAIN, each datagram copied to the consumer (which hands it to the event loop). Never
 * on an event loop; {@link #close()} wakes it through the eventfd (linux-dataplane.md 4,
 * pattern A), joins it, and only then is the socket closed by its owner.
 */
public final class ReceiveLoop implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ReceiveLoop.class.getName());
  private final int fd;
  private final int wakeFd;
  private final Thread thread;
  /** recv(2) on a socket, read(2) on any other descriptor (opened non-blocking). */
  private final boolean socket;
  /** How a socket's datagram is read: recv(2), or the owner's (recvmsg(2) with ancillary data). */
  private final Reader reader;

  /** Reads one datagram from a non-blocking socket: its length, or -1 with errno set (EAGAIN when none is left). */
  @FunctionalInterface
  public interface Reader {
    long read(int fd, byte[] buf);
  }
  private volatile boolean running = true;

  public ReceiveLoop(String name, int fd, int bufferSize, BiConsumer<byte[], Integer> consumer) throws NativeIoException {
    this(name, fd, bufferSize, consumer, true, (f, buf) -> LibC.recv(f, buf, buf.length, LibC.MSG_DONTWAIT));
  }

  /** A loop over a socket read by {@code reader}, on this loop's thread only (its buffers need no locking). */
  public static ReceiveLoop withReader(String name, int fd, int bufferSize, Reader reader,
      BiConsumer<byte[], Integer> consumer) throws NativeIoException {
    return new ReceiveLoop(name, fd, bufferSize, consumer, true, reader);
  }

  /** A loop over a descriptor that is not a socket, opened with O_NONBLOCK (or its family's flag). */
  public static ReceiveLoop ofDescriptor(String name, int fd, int bufferSize, BiConsumer<byte[], Integer> consumer)
      throws NativeIoException {
    return new ReceiveLoop(name, fd, bufferSize, consumer, false, null);
  }

  private ReceiveLoop(String name, int fd, int bufferSize, BiConsumer<byte[], Integer> consumer, boolean socket,
      Reader reader) throws NativeIoException {
    this.fd = fd;
    this.socket = socket;
    this.reader = reader;
    this.wakeFd = LibC.eventfd(0, LibC.EFD_CLOEXEC | LibC.EFD_NONBLOCK);
    NativeIoException.check(wakeFd, "eventfd");
    this.thread = new Thread(() -> run(bufferSize, consumer), name);
    thread.setDaemon(true);
    thread.start();
  }

  private void run(int bufferSize, BiConsumer<byte[], Integer> consumer) {
    byte[] buf = new byte[bufferSize];
    ByteBuffer fds = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
    fds.putInt(0, fd).putShort(4, LibC.POLLIN).putInt(8, wakeFd).putShort(12, LibC.POLLIN);
    byte[] pollfds = fds.array();
    while (running) {
      pollfds[6] = 0;
      pollfds[7] = 0;
      pollfds[14] = 0;
      pollfds[15] = 0;
      int n = LibC.poll(pollfds, 2, -1);
      if (n < 0) {
        if (Native.getLastError() == LibC.EINTR) {
          continue;
        }
        LOG.log(Level.SEVERE, "poll failed on " + thread.getName() + ": " + LibC.lastError());
        return;
      }
      if (!running) {
        return;
      }
      while (true) {
        long len = socket ? reader.read(fd, buf) : LibC.read(fd, buf, buf.length);
        if (len <= 0 && !socket) {
          int e = len == 0 ? LibC.EAGAIN : Native.getLastError();
          if (e != LibC.EAGAIN && e != LibC.EINTR) {
            LOG.warning("read failed on " + thread.getName() + ": " + LibC.lastError());
          }
          break;
        }
        if (len < 0) {
          int e = Native.getLastError();
          if (e != LibC.EAGAIN && e != LibC.EINTR) {
            LOG.warning("recv failed on " + thread.getName() + ": " + LibC.lastError());
          }
          break;
        }
        try {
          consumer.accept(Arrays.copyOf(buf, (int) len), (int) len);
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "dropping a datagram that could not be handled: " + e);
        }
      }
    }
  }

  @Override
  public void close() {
    running = false;
    byte[] one = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(1).array();
    LibC.write(wakeFd, one, 8);
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LibC.close(wakeFd);
  }
}
