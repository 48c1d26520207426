package io.vertalived.core.config.keywords;

import io.vertalived.core.config.parse.Args;

/** {@code NAME [weight N [reverse|noreverse]]} lines of the track_* blocks (keepalived.conf(5) VRRP instance(s)). */
final class TrackerLines {
  private TrackerLines() {}

  /**
   * A track_bfd entry, as keepalived's alloc_track_bfd(): the bfd_instance must be defined above
   * it, and once per list; else reported and left out.
   */
  static void bfd(Args a, java.util.Map<String, ?> known, java.util.List<TrackerRef> list, String tag) {
    String name = a.get(0);
    if (!known.containsKey(name)) {
      a.error(tag + " track bfd " + name + " not found, ignoring...");
      return;
    }
    if (list.stream().anyMatch(r -> r.name().equals(name))) {
      a.error(tag + " duplicate track_bfd " + name + " - ignoring");
      return;
    }
    list.add(ref(a, -253, 253, tag));
  }

  /**
   * A track_script entry, as keepalived's alloc_track_script(): the vrrp_script must be defined
   * (and kept) above it; else reported and left out.
   */
  static void script(Args a, java.util.Map<String, VrrpSection.ScriptDraft> known, java.util.List<TrackerRef> list,
      String tag) {
    VrrpSection.ScriptDraft s = known.get(a.get(0));
    if (s == null || s.removed) {
      a.error(tag + " track script " + a.get(0) + " not found, ignoring...");
      return;
    }
    if (list.stream().anyMatch(r -> r.name().equals(a.get(0)))) {
      a.error(tag + " duplicate track_script " + a.get(0) + " - ignoring");
      return;
    }
    list.add(ref(a, -253, 253, tag));
  }

  static TrackerRef ref(Args a, int min, int max, String tag) {
    String name = a.get(0);
    Integer weight = null;
    Boolean reverse = null;
    for (int i = 1; i < a.size(); i++) {
      String w = a.get(i);
      if (w.equals("weight") && i + 1 < a.size()) {
        String text = a.get(++i);
        var v = a.integerWord(text, -254, 254);
        if (v.isEmpty()) {
          a.error(tag + " weight " + text + " for " + name + " must be between [" + min + ".."
              + max + "] inclusive. Ignoring...");
        } else if (Math.abs(v.getAsLong()) > max) {
          a.error(tag + " weight for " + name + " cannot be +/-254. Setting to +/-253");
          weight = v.getAsLong() > 0 ? max : min;
        } else {
          weight = (int) v.getAsLong();
        }
      } else if (w.equals("reverse")) {
        reverse = true;
      } else if (w.equals("noreverse")) {
        reverse = false;
      } else {
        a.error(tag + " unknown track option '" + w + "' for " + name);
      }
    }
    return new TrackerRef(name, weight, reverse, a.location());
  }
}
