package io.vertalived.ipvs.desired;

import io.vertalived.core.bus.RealServerState;
import io.vertalived.core.config.model.Checker;
import io.vertalived.core.config.model.RealServer;
import io.vertalived.core.config.model.VirtualServer;
import java.util.HashMap;
import java.util.Map;

/**
 * The health of every real server as the checkers last reported it ({@link RealServerState}, keyed by virtual server
 * label and real server endpoint). A real server not reported yet is what keepalived assumes at start: alive with
 * its configured weight unless one of its checkers starts in {@code alpha} mode (keepalived.conf(5) {@code alpha}).
 */
public final class HealthBoard {
  private final Map<String, RealServerState> states = new HashMap<>();

  /** Records a report; answers false when it is older than the one held (by sequence, from the same boot). */
  public boolean report(RealServerState s) {
    String k = key(s.virtualServer(), s.realServer());
    RealServerState held = states.get(k);
    if (held != null && java.util.Objects.equals(held.boot(), s.boot()) && held.node().equals(s.node())
        && s.sequence() != 0 && held.sequence() > s.sequence()) {
      return false;
    }
    states.put(k, s);
    return true;
  }

  /** The reported state, or null when none was. */
  public RealServerState state(VirtualServer vs, RealServer rs) {
    return states.get(key(vs.label(), rs.endpoint()));
  }

  public boolean alive(VirtualServer vs, RealServer rs) {
    RealServerState s = state(vs, rs);
    return s != null ? s.alive() : rs.checkers().stream().noneMatch(HealthBoard::startsDown);
  }

  /** The weight it should carry while alive: the checkers' (misc_dynamic, drained) or the configured one. */
  public int weight(VirtualServer vs, RealServer rs) {
    RealServerState s = state(vs, rs);
    return s != null && s.alive() ? s.weight() : rs.weight();
  }

  /** Sum of the weights of the alive real servers of {@code vs} (keepalived's weigh_live_realservers). */
  public long aliveWeight(VirtualServer vs) {
    long sum = 0;
    for (RealServer rs : vs.realServers()) {
      if (alive(vs, rs)) {
        sum += weight(vs, rs);
      }
    }
    return sum;
  }

  private static boolean startsDown(Checker c) {
    return c.settings() != null && c.settings().alpha();
  }

  private static String key(String vs, String rs) {
    return vs + "/" + rs;
  }
}
