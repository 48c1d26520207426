package io.vertalived.vrrp.protocol;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which rejected adverts are worth a log line. keepalived logs every one (a line per advert
 * interval per misconfigured peer, ten a second at 100 ms adverts); here the first rejection of a
 * source for a reason is logged at once, then at most one line per {@link #WINDOW_NANOS} for that
 * source and reason, saying how many were left out since the last line. Reasons differing only in
 * their numbers ("received a 0 auth, expecting 1!", "... a 2 auth ...") are one reason. Pure: the
 * caller gives the time (nanoseconds of a monotonic clock).
 */
public final class RejectedAdvertLog {
  /** At most one line per source and reason in this time. */
  public static final long WINDOW_NANOS = 10_000_000_000L;
  /** Sources and reasons remembered; the least recently seen is forgotten first. */
  static final int REMEMBERED = 64;

  private record Key(InetAddress source, String reason) {}

  private static final class Seen {
    long loggedAt;
    long suppressed;
  }

  private final Map<Key, Seen> seen = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Key, Seen> eldest) {
      return size() > REMEMBERED;
    }
  };

  /**
   * The line to log for an advert from {@code source} rejected for {@code reason} at {@code now}:
   * the reason, the source, and how many like it were not logged since the last line; null while
   * the same source and reason were logged less than {@link #WINDOW_NANOS} ago.
   */
  public String line(InetAddress source, String reason, long now) {
    Key key = new Key(source, reason.replaceAll("[0-9]+", "#"));
    Seen s = seen.get(key);
    if (s != null && now - s.loggedAt < WINDOW_NANOS) {
      s.suppressed++;
      return null;
    }
    long left = s == null ? 0 : s.suppressed;
    if (s == null) {
      s = new Seen();
      seen.put(key, s);
    }
    s.loggedAt = now;
    s.suppressed = 0;
    return reason + " (from " + io.vertalived.core.config.model.IpAddress.text(source)
        + (left > 0 ? "; " + left + " more like it not logged in the last " + WINDOW_NANOS / 1_000_000_000L + " s" : "")
        + ")";
  }
}
