package io.vertalived.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** struct inotify_event (inotify(7)) as read(2) returns them: several per read, names NUL-padded. */
class InotifyTest {
  private static void event(ByteBuffer b, int wd, int mask, String name, int padded) {
    b.putInt(wd).putInt(mask).putInt(0).putInt(padded);
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    b.put(n);
    b.put(new byte[padded - n.length]);
  }

  @Test
  void eventsOfOneReadAreDecodedInOrder() {
    ByteBuffer b = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());
    event(b, 1, Inotify.IN_CREATE, "reload.time", 16);
    event(b, 2, Inotify.IN_CLOSE_WRITE, "", 0);
    event(b, 1, Inotify.IN_MOVED_FROM, "x", 16);
    List<Inotify.Event> events = Inotify.decode(b.array(), b.position());
    assertEquals(List.of(new Inotify.Event(1, Inotify.IN_CREATE, "reload.time"), new Inotify.Event(2, Inotify.IN_CLOSE_WRITE, ""),
        new Inotify.Event(1, Inotify.IN_MOVED_FROM, "x")), events);
    assertTrue(events.get(0).is(Inotify.IN_CREATE | Inotify.IN_MOVED_TO));
  }

  @Test
  void aTruncatedEventIsDropped() {
    ByteBuffer b = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());
    event(b, 1, Inotify.IN_DELETE, "reload.time", 16);
    assertEquals(List.of(), Inotify.decode(b.array(), b.position() - 4));
  }
}
