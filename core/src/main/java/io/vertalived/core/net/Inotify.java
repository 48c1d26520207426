package io.vertalived.core.net;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * An inotify instance (inotify(7)) read by its own {@link ReceiveLoop}: watches added and
 * removed by path, each event handed to the consumer on the loop's thread (never an event
 * loop). The JDK's WatchService knows no {@code IN_CLOSE_WRITE}, which is how keepalived tells a
 * file that has been written from one being written.
 */
public final class Inotify implements AutoCloseable {
  public static final int IN_CLOSE_WRITE = 0x8;
  public static final int IN_MOVED_FROM = 0x40;
  public static final int IN_MOVED_TO = 0x80;
  public static final int IN_CREATE = 0x100;
  public static final int IN_DELETE = 0x200;
  public static final int IN_DELETE_SELF = 0x400;
  public static final int IN_MOVE_SELF = 0x800;
  public static final int IN_Q_OVERFLOW = 0x4000;
  public static final int IN_IGNORED = 0x8000;
  private static final int IN_NONBLOCK = 0x800;
  private static final int IN_CLOEXEC = 0x80000;
  /** struct inotify_event without its name: wd, mask, cookie, len. */
  private static final int HEADER = 16;

  /** One event: the watch it is for, what happened, and the entry's name for a directory watch (else ""). */
  public record Event(int watch, int mask, String name) {
    public boolean is(int bits) {
      return (mask & bits) != 0;
    }
  }

  private final int fd;
  private final ReceiveLoop loop;

  private Inotify(int fd, ReceiveLoop loop) {
    this.fd = fd;
    this.loop = loop;
  }

  /** A new instance whose events go to {@code events}, on a thread named {@code name}. */
  public static Inotify open(String name, Consumer<Event> events) throws NativeIoException {
    int fd = LibC.inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    NativeIoException.check(fd, "inotify_init1");
    try {
      ReceiveLoop loop = ReceiveLoop.ofDescriptor(name, fd, 4096, (bytes, len) -> decode(bytes, len).forEach(events));
      return new Inotify(fd, loop);
    } catch (NativeIoException e) {
      LibC.close(fd);
      throw e;
    }
  }

  /** Watches {@code path} for the events in {@code mask}; the watch descriptor. */
  public int add(String path, int mask) throws NativeIoException {
    int wd = LibC.inotify_add_watch(fd, path, mask);
    NativeIoException.check(wd, "inotify_add_watch(" + path + ")");
    return wd;
  }

  /** Stops a watch (its {@code IN_IGNORED} follows); a watch already gone is no error. */
  public void remove(int watch) {
    LibC.inotify_rm_watch(fd, watch);
  }

  /** The events in what one read(2) returned. */
  public static List<Event> decode(byte[] bytes, int len) {
    ByteBuffer b = ByteBuffer.wrap(bytes, 0, len).order(ByteOrder.nativeOrder());
    List<Event> out = new ArrayList<>();
    while (b.remaining() >= HEADER) {
      int wd = b.getInt();
      int mask = b.getInt();
      b.getInt();
      int nameLen = b.getInt();
      if (nameLen < 0 || nameLen > b.remaining()) {
        break;
      }
      int start = b.position();
      int end = start;
      while (end < start + nameLen && bytes[end] != 0) {
        end++;
      }
      out.add(new Event(wd, mask, new String(bytes, start, end - start, StandardCharsets.UTF_8)));
      b.position(start + nameLen);
    }
    return out;
  }

  @Override
  public void close() {
    loop.close();
    LibC.close(fd);
  }
}
