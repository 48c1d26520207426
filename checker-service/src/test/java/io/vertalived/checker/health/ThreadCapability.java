package io.vertalived.checker.health;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * One capability of the calling thread's effective set taken away and given back (capabilities(7): each thread has
 * its own sets; capset(2) with pid 0 changes the caller's): a test makes an event loop's thread what a checker run
 * without that capability has, the rest of the JVM unchanged.
 */
final class ThreadCapability {
  /** linux/capability.h. */
  static final int CAP_NET_ADMIN = 12;
  private static final int VERSION_3 = 0x20080522;

  private interface LibC extends Library {
    LibC C = Native.load("c", LibC.class);

    int capget(int[] header, int[] data);

    int capset(int[] header, int[] data);
  }

  private ThreadCapability() {}

  /** Takes {@code cap} (below 32) out of the calling thread's effective set; false when it was not in it. */
  static boolean drop(int cap) {
    return change(cap, false);
  }

  /** Puts {@code cap} back in the calling thread's effective set (it stays permitted when dropped). */
  static void raise(int cap) {
    if (!change(cap, true)) {
      throw new IllegalStateException("capability " + cap + " could not be raised again");
    }
  }

  private static boolean change(int cap, boolean on) {
    int[] header = {VERSION_3, 0};
    int[] data = new int[6]; // two of {effective, permitted, inheritable}: capabilities 0-31, then 32-63
    if (LibC.C.capget(header, data) != 0) {
      throw new IllegalStateException("capget failed");
    }
    int bit = 1 << cap;
    boolean permitted = (data[1] & bit) != 0;
    boolean effective = (data[0] & bit) != 0;
    if (!permitted || effective == on) {
      return on && effective;
    }
    data[0] = on ? data[0] | bit : data[0] & ~bit;
    if (LibC.C.capset(header, data) != 0) {
      throw new IllegalStateException("capset failed");
    }
    return true;
  }
}
