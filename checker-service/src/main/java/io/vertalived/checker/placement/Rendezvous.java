package io.vertalived.checker.placement;

import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * Rendezvous (highest random weight) hashing: the owner of a key is the member with the highest
 * hash of (member, key). Every instance computes the same owner from the same member set, and
 * when a member leaves only its keys move. The hash is FNV-1a 64 with a splitmix64 finish,
 * stable across JVMs and versions.
 */
public final class Rendezvous {
  private Rendezvous() {}

  /** The owner of {@code key} among {@code members}, or null when there are none. */
  public static String owner(String key, Collection<String> members) {
    String best = null;
    long bestScore = 0;
    for (String m : members) {
      long s = score(m, key);
      if (best == null || Long.compareUnsigned(s, bestScore) > 0 || s == bestScore && m.compareTo(best) < 0) {
        best = m;
        bestScore = s;
      }
    }
    return best;
  }

  static long score(String member, String key) {
    long h = 0xcbf29ce484222325L;
    for (byte b : (member + '\0' + key).getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    h ^= h >>> 30;
    h *= 0xbf58476d1ce4e5b9L;
    h ^= h >>> 27;
    h *= 0x94d049bb133111ebL;
    return h ^ (h >>> 31);
  }
}
