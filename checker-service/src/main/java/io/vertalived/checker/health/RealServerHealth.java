package io.vertalived.checker.health;

import java.util.Map;

/**
 * Whether a real server is alive: iff every one of its checkers is up (keepalived.conf(5) Virtual server(s)). A real server
 * with no checker is always alive. Tells when the answer changes. Arrays, not a map: a checker instance keeps one per
 * real server, most with one checker.
 */
public final class RealServerHealth {
  private final String[] checkers;
  private final boolean[] up;
  private boolean alive;

  /** @param initial each checker's starting state (UP unless alpha) */
  public RealServerHealth(Map<String, Boolean> initial) {
    checkers = new String[initial.size()];
    up = new boolean[initial.size()];
    int i = 0;
    for (Map.Entry<String, Boolean> e : initial.entrySet()) {
      checkers[i] = e.getKey();
      up[i++] = e.getValue();
    }
    alive = computeAlive();
  }

  public boolean alive() {
    return alive;
  }

  /** A checker changed; returns the new aliveness when it changed, else null. */
  public Boolean checkerChanged(String checker, boolean nowUp) {
    int i = indexOf(checker);
    if (i < 0) {
      throw new IllegalArgumentException("no checker " + checker + " on this real server");
    }
    up[i] = nowUp;
    boolean now = computeAlive();
    if (now == alive) {
      return null;
    }
    alive = now;
    return now;
  }

  private int indexOf(String checker) {
    for (int i = 0; i < checkers.length; i++) {
      if (checkers[i].equals(checker)) {
        return i;
      }
    }
    return -1;
  }

  private boolean computeAlive() {
    for (boolean u : up) {
      if (!u) {
        return false;
      }
    }
    return true;
  }
}
