package io.vertalived.core.net.rtnl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

/** Test helper: the top-level attributes of one encoded rtnetlink request (after its 12-byte family header). */
final class RtnlAttributes {
  private RtnlAttributes() {}

  /** Type → payload; checks that nlmsg_len is the message's length. */
  static Map<Integer, byte[]> of(byte[] msg) {
    ByteBuffer b = ByteBuffer.wrap(msg).order(ByteOrder.nativeOrder());
    assertEquals(msg.length, b.getInt(0), "nlmsg_len");
    Map<Integer, byte[]> attrs = new HashMap<>();
    int pos = 28;
    while (pos < msg.length) {
      int len = b.getShort(pos);
      byte[] v = new byte[len - 4];
      System.arraycopy(msg, pos + 4, v, 0, len - 4);
      attrs.put((int) b.getShort(pos + 2), v);
      pos += (len + 3) & ~3;
    }
    return attrs;
  }
}
