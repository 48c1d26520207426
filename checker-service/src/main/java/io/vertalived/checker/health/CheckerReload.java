package io.vertalived.checker.health;

import io.vertalived.core.config.model.Checker;
import io.vertalived.core.config.model.KeepalivedConfig;
import io.vertalived.core.config.model.RealServer;
import io.vertalived.core.config.model.VirtualServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a reload changes for the checker (pure): real servers are matched by virtual server and
 * address:port, as keepalived matches them ({@code rs_iseq}); one whose definition (checks,
 * their settings, weight, notify scripts) is equal is unchanged and keeps running. A changed one
 * is checked anew, going on from the last results of the checks that stayed the same (same
 * type at the same place, same settings), as keepalived migrates its checkers.
 */
final class CheckerReload {
  /** One real server of a configuration: its key ({@code VS/RS}), definition and check ids. */
  /**
   * A real server to check: {@code key} is {@code label/endpoint}; the strings are made once here and shared by
   * everything that keeps them (a checker instance keeps tens of thousands).
   */
  record Entry(String key, String label, String endpoint, VirtualServer vs, RealServer rs, List<String> checkIds) {}

  private final List<String> removed;
  private final List<Entry> changed;
  private final List<Entry> added;
  private final List<String> changes;

  private CheckerReload(List<String> removed, List<Entry> changed, List<Entry> added, List<String> changes) {
    this.removed = removed;
    this.changed = changed;
    this.added = added;
    this.changes = changes;
  }

  /** Every real server of {@code c}, in configuration order. */
  static List<Entry> entries(KeepalivedConfig c) {
    List<Entry> out = new ArrayList<>();
    for (VirtualServer vs : c.virtualServers()) {
      String label = vs.label();
      for (RealServer rs : vs.realServers()) {
        String endpoint = rs.endpoint();
        String key = label + "/" + endpoint;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < rs.checkers().size(); i++) {
          ids.add(HealthCheckVerticle.checkId(key, rs.checkers().get(i), i));
        }
        out.add(new Entry(key, label, endpoint, vs, rs, List.copyOf(ids)));
      }
    }
    return out;
  }

  static CheckerReload between(KeepalivedConfig before, KeepalivedConfig after) {
    Map<String, Entry> old = new LinkedHashMap<>();
    entries(before).forEach(e -> old.putIfAbsent(e.key(), e));
    boolean tlsChanged = !Objects.equals(before.ssl(), after.ssl());
    List<String> removed = new ArrayList<>();
    List<Entry> changed = new ArrayList<>();
    List<Entry> added = new ArrayList<>();
    List<String> changes = new ArrayList<>();
    Map<String, Entry> now = new LinkedHashMap<>();
    entries(after).forEach(e -> now.putIfAbsent(e.key(), e));
    for (Entry e : now.values()) {
      Entry was = old.get(e.key());
      if (was == null) {
        added.add(e);
        changes.add("real server " + e.rs().endpoint() + " of " + e.vs().label() + " added");
      } else if (!e.rs().equals(was.rs()) || tlsChanged && usesTls(e.rs())) {
        changed.add(e);
        changes.add("real server " + e.rs().endpoint() + " of " + e.vs().label() + " changed");
      }
    }
    for (Entry e : old.values()) {
      if (!now.containsKey(e.key())) {
        removed.add(e.key());
        changes.add("real server " + e.rs().endpoint() + " of " + e.vs().label() + " removed");
      }
    }
    return new CheckerReload(removed, changed, added, changes);
  }

  /** The check ids of {@code after} whose checker is the same in {@code before}: their state carries over. */
  static List<String> unchangedChecks(Entry before, Entry after) {
    List<String> same = new ArrayList<>();
    List<Checker> a = before.rs().checkers();
    List<Checker> b = after.rs().checkers();
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      if (a.get(i).equals(b.get(i)) && before.checkIds().get(i).equals(after.checkIds().get(i))) {
        same.add(after.checkIds().get(i));
      }
    }
    return same;
  }

  private static boolean usesTls(RealServer rs) {
    return rs.checkers().stream().anyMatch(c -> c instanceof Checker.HttpGet h && h.ssl());
  }

  /** Keys of the real servers the new configuration no longer has. */
  List<String> removed() {
    return removed;
  }

  List<Entry> changed() {
    return changed;
  }

  List<Entry> added() {
    return added;
  }

  /** What changed, one line each, for the reload's outcome. */
  List<String> changes() {
    return changes;
  }
}
