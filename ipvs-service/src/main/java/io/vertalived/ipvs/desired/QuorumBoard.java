package io.vertalived.ipvs.desired;

import io.vertalived.core.config.model.KeepalivedConfig;
import io.vertalived.core.config.model.VirtualServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The quorum of every virtual server, kept across health changes and reloads (a virtual server whose quorum settings
 * did not change keeps its state; a new or changed one starts as keepalived starts it).
 */
public final class QuorumBoard {
  private final Map<String, Entry> entries = new HashMap<>();

  private record Entry(int quorum, int hysteresis, Quorum state) {}

  /** Takes a configuration (at start or a reload): new virtual servers get their initial state. */
  public void configure(KeepalivedConfig config, HealthBoard health) {
    Map<String, Entry> next = new HashMap<>();
    for (VirtualServer vs : config.virtualServers()) {
      Entry e = entries.get(vs.label());
      if (e == null || e.quorum() != vs.quorum() || e.hysteresis() != vs.hysteresis()) {
        e = new Entry(vs.quorum(), vs.hysteresis(), Quorum.initial(vs.quorum(), vs.hysteresis(),
            health.aliveWeight(vs)));
      }
      next.put(vs.label(), e);
    }
    entries.clear();
    entries.putAll(next);
  }

  public boolean up(String label) {
    Entry e = entries.get(label);
    return e == null || e.state().up();
  }

  /** Re-evaluates every virtual server after a health change; answers the changes, in configuration order. */
  public List<QuorumChange> update(KeepalivedConfig config, HealthBoard health) {
    List<QuorumChange> out = new ArrayList<>();
    for (VirtualServer vs : config.virtualServers()) {
      Entry e = entries.get(vs.label());
      if (e == null) {
        continue;
      }
      Quorum.Change c = e.state().update(health.aliveWeight(vs));
      if (c != null) {
        out.add(new QuorumChange(vs, c));
      }
    }
    return out;
  }

  /** Re-evaluates one virtual server after a health change of one of its real servers; null when it keeps its state. */
  public QuorumChange update(VirtualServer vs, HealthBoard health) {
    Entry e = entries.get(vs.label());
    Quorum.Change c = e == null ? null : e.state().update(health.aliveWeight(vs));
    return c == null ? null : new QuorumChange(vs, c);
  }

  /** A virtual server gained or lost quorum. */
  public record QuorumChange(VirtualServer virtualServer, Quorum.Change change) {
    /** keepalived's log line. */
    public String logLine() {
      return change.logLine() + " for VS " + virtualServer.label();
    }
  }
}
