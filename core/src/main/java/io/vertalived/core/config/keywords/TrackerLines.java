package io.vertalived.core.config.keywords;

import io.vertalived.core.config.parse.Args;

/** {@code NAME [weight N [reverse|noreverse]]} lines of the track_* blocks (spec 3.1). */
final class TrackerLines {
  private TrackerLines() {}

  static TrackerRef ref(Args a, int min, int max, String tag) {
    String name = a.get(0);
    Integer weight = null;
    Boolean reverse = null;
    for (int i = 1; i < a.size(); i++) {
      String w = a.get(i);
      if (w.equals("weight") && i + 1 < a.size()) {
        long lim = Math.max(Math.abs(min), Math.abs(max)) + 1L;
        var v = a.integer(++i, -lim, lim);
        if (v.isPresent()) {
          long x = Math.max(min, Math.min(max, v.getAsLong()));
          weight = (int) x;
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
