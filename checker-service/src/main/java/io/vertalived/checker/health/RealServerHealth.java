package io.vertalived.checker.health;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether a real server is alive: iff every one of its checkers is up (keepalived.conf(5) Virtual server(s)). A real server
 * with no checker is always alive. Tells when the answer changes.
 */
public final class RealServerHealth {
  private final Map<String, Boolean> checkers = new LinkedHashMap<>();
  private boolean alive;

  /** @param initial each checker's starting state (UP unless alpha) */
  public RealServerHealth(Map<String, Boolean> initial) {
    checkers.putAll(initial);
    alive = computeAlive();
  }

  public boolean alive() {
    return alive;
  }

  /** A checker changed; returns the new aliveness when it changed, else null. */
  public Boolean checkerChanged(String checker, boolean up) {
    if (!checkers.containsKey(checker)) {
      throw new IllegalArgumentException("no checker " + checker + " on this real server");
    }
    checkers.put(checker, up);
    boolean now = computeAlive();
    if (now == alive) {
      return null;
    }
    alive = now;
    return now;
  }

  private boolean computeAlive() {
    return checkers.values().stream().allMatch(Boolean::booleanValue);
  }
}
