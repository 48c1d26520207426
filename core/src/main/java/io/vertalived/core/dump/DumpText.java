package io.vertalived.core.dump;

import io.vertalived.core.config.model.ScriptCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** Values as keepalived's dumps print them (pure apart from reading /etc/passwd and /etc/group). */
public final class DumpText {
  private DumpText() {}

  private static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss", Locale.ROOT);

  /** A script line as keepalived's cmd_str: every argument in single quotes, joined by spaces. */
  public static String command(ScriptCommand c) {
    StringBuilder b = new StringBuilder();
    for (String a : c.argv()) {
      if (b.length() > 0) {
        b.append(' ');
      }
      b.append(a.startsWith("<") || a.startsWith(">") ? a : "'" + a + "'");
    }
    return b.toString();
  }

  /** {@code uid:gid} of the user (and group) scripts run as; {@code 0:0} for root or when unknown. */
  public static String uidGid(String user, String group) {
    String u = user == null ? "root" : user;
    String uid = "0";
    String gid = "0";
    for (String line : lines(Path.of("/etc/passwd"))) {
      String[] f = line.split(":");
      if (f.length > 3 && f[0].equals(u)) {
        uid = f[2];
        gid = f[3];
      }
    }
    if (group != null) {
      for (String line : lines(Path.of("/etc/group"))) {
        String[] f = line.split(":");
        if (f.length > 2 && f[0].equals(group)) {
          gid = f[2];
        }
      }
    }
    return uid + ":" + gid;
  }

  private static List<String> lines(Path p) {
    try {
      return Files.readAllLines(p);
    } catch (IOException e) {
      return List.of();
    }
  }

  /** {@code 1796137845.967785 (Tue Dec  1 15:10:45.967785 2026)}: seconds.micros and local time. */
  public static String time(long epochMicros) {
    return time(epochMicros, ZoneId.systemDefault());
  }

  /** As above, in {@code zone}. */
  public static String time(long epochMicros, ZoneId zone) {
    long sec = Math.floorDiv(epochMicros, 1_000_000L);
    long us = Math.floorMod(epochMicros, 1_000_000L);
    ZonedDateTime t = Instant.ofEpochSecond(sec).atZone(zone);
    String micros = String.format(Locale.ROOT, "%06d", us);
    return sec + "." + micros + " (" + CTIME.format(t) + "." + micros + " " + t.getYear() + ")";
  }

  /** C's {@code %g}: up to 6 significant digits, no trailing zeros. */
  public static String g(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    String s = String.format(Locale.ROOT, "%.6g", v);
    if (s.contains("e")) {
      return s;
    }
    s = s.replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  public static String onOff(Boolean v) {
    return v == null ? "unset" : v ? "on" : "off";
  }
}
