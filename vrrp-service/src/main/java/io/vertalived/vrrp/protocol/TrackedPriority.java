package io.vertalived.vrrp.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The effective priority and FAULT state of an instance from its trackers, exactly as
 * keepalived's {@code vrrp_track.c} (keepalived.conf(5) VRRP instance(s), track_* weights):
 *
 * <pre>
 * effective = base                     if base == 255 (never changes)
 *           = clamp(base + sum, 1, 254) otherwise
 * contribution (m = -1 if reverse):  up: w > 0 ? w*m : 0     down: w < 0 ? w*m : 0
 * weight 0: down (up, if reverse) means FAULT
 * file:      value * weight, FAULT below -253; weight 0: any non-zero value is FAULT
 * </pre>
 *
 * A tracker that has not reported yet contributes nothing; an unweighted one counts as a fault
 * until its first result (the instance waits, keepalived.conf(5) VRRP script(s)). Pure; one thread.
 */
public final class TrackedPriority {
  /** What kind of tracker, for the FAULT reasons. */
  public enum Kind { INTERFACE, SCRIPT, FILE, PROCESS, BFD }

  private record Entry(Kind kind, int weight, boolean reverse, Boolean up, long value) {}

  private final int base;
  private final Map<String, Entry> trackers = new LinkedHashMap<>();

  public TrackedPriority(int basePriority) {
    this.base = basePriority;
  }

  /** Declares a tracker; its state is unknown until {@link #update}. */
  public void track(Kind kind, String name, int weight, boolean reverse) {
    trackers.put(key(kind, name), new Entry(kind, weight, reverse, null, 0));
  }

  /** Declares a tracker whose state is already known (an interface's link state). */
  public void track(Kind kind, String name, int weight, boolean reverse, boolean up) {
    trackers.put(key(kind, name), new Entry(kind, weight, reverse, up, up ? 1 : 0));
  }

  /**
   * A reload: the trackers this one shares with {@code before} (same kind and name) start from
   * the state {@code before} knew, as keepalived carries script results over a reload; the
   * others wait for their first result.
   */
  public void carryOver(TrackedPriority before) {
    for (Map.Entry<String, Entry> e : trackers.entrySet()) {
      Entry was = before.trackers.get(e.getKey());
      if (was != null && was.up != null) {
        Entry now = e.getValue();
        e.setValue(new Entry(now.kind, now.weight, now.reverse, was.up, was.value));
      }
    }
  }

  /** A tracker's last reported state, or null before its first result (or when not tracked). */
  public Boolean state(Kind kind, String name) {
    Entry e = trackers.get(key(kind, name));
    return e == null ? null : e.up;
  }

  public boolean tracks(Kind kind, String name) {
    return trackers.containsKey(key(kind, name));
  }

  /** Records a result; returns false if this instance does not track it. */
  public boolean update(Kind kind, String name, boolean up, long value) {
    Entry e = trackers.get(key(kind, name));
    if (e == null) {
      return false;
    }
    trackers.put(key(kind, name), new Entry(e.kind, e.weight, e.reverse, up, value));
    return true;
  }

  /** One tracker as the status shows it: {@code up} null before its first result. */
  public record Tracker(Kind kind, String name, int weight, boolean reverse, Boolean up, long value) {}

  /** Every tracker, in declaration order. */
  public java.util.List<Tracker> trackers() {
    java.util.List<Tracker> out = new java.util.ArrayList<>();
    trackers.forEach((k, e) -> out.add(new Tracker(e.kind, k.substring(k.indexOf(':') + 1), e.weight, e.reverse, e.up, e.value)));
    return out;
  }

  private static String key(Kind kind, String name) {
    return kind + ":" + name;
  }

  public int effectivePriority() {
    if (base == 255) {
      return 255;
    }
    long total = base;
    for (Entry e : trackers.values()) {
      if (e.up == null || e.weight == 0) {
        continue;
      }
      int m = e.reverse ? -1 : 1;
      if (e.kind == Kind.FILE) {
        total += e.value * e.weight * (long) m;
      } else if (e.up && e.weight > 0) {
        total += (long) e.weight * m;
      } else if (!e.up && e.weight < 0) {
        total += (long) e.weight * m;
      }
    }
    return (int) Math.max(1, Math.min(254, total));
  }

  /** Why the instance must be in FAULT, or null: the first tracker that forces it. */
  public String faultReason() {
    for (Map.Entry<String, Entry> me : trackers.entrySet()) {
      Entry e = me.getValue();
      String name = me.getKey().substring(me.getKey().indexOf(':') + 1);
      String what = switch (e.kind) {
        case INTERFACE -> "interface " + name;
        case SCRIPT -> "track_script " + name;
        case FILE -> "track_file " + name;
        case PROCESS -> "track_process " + name;
        case BFD -> "track_bfd " + name;
      };
      if (e.kind == Kind.FILE) {
        if (e.up == null) {
          continue;
        }
        if (e.weight == 0 ? e.value != 0 : e.value * e.weight * (e.reverse ? -1L : 1L) < -253) {
          return what + " value " + e.value;
        }
        continue;
      }
      if (e.weight != 0) {
        continue;
      }
      if (e.up == null) {
        return what + " has not reported yet";
      }
      if (e.up == e.reverse) {
        return what + (e.up ? " is up (reverse)" : e.kind == Kind.INTERFACE ? " is down" : " failed");
      }
    }
    return null;
  }
}
