package io.vertalived.core.service;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time a {@code reload_time_file} asks for (keepalived.conf(5) Global definitions,
 * reload_time_file): its first line is exactly {@code HH:MM:SS}, {@code YY-MM-DD HH:MM:SS} or
 * {@code YYYY-MM-DD HH:MM:SS}, local time, or UTC with a trailing {@code Z}. A time without a
 * date that is already past means tomorrow; a past date is ignored, as are times that do not
 * exist (a day beyond its month, a daylight-saving gap). Pure: the clock and zone are given.
 */
public final class ReloadTime {
  private static final Pattern TIME = Pattern.compile("(\\d{2}):(\\d{2}):(\\d{2})");
  private static final Pattern SHORT_DATE = Pattern.compile("(\\d{2})-(\\d{2})-(\\d{2}) (\\d{2}):(\\d{2}):(\\d{2})");
  private static final Pattern LONG_DATE = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2}) (\\d{2}):(\\d{2}):(\\d{2})");
  private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private ReloadTime() {}

  /**
   * What a file's first line asks for: {@code at} null when it asks for nothing (then
   * {@code messages} say why, in keepalived's words).
   */
  public record Parsed(Instant at, boolean dateSpecified, List<String> messages) {
    static Parsed invalid(String line, String why) {
      return new Parsed(null, false, List.of(why, "Invalid reload time '" + line + "' specified - ignoring"));
    }
  }

  public static Parsed parse(String line, Instant now, ZoneId local) {
    boolean utc = line.endsWith("Z");
    String text = utc ? line.substring(0, line.length() - 1) : line;
    int len = text.length();
    if (len != 8 && len != 17 && len != 19) {
      return Parsed.invalid(line, "Reload time " + line + " format is incorrect - ignoring");
    }
    ZoneId zone = utc ? ZoneOffset.UTC : local;
    Matcher m = (len == 8 ? TIME : len == 17 ? SHORT_DATE : LONG_DATE).matcher(text);
    int[] f = m.matches() ? fields(m) : null;
    int at = len == 8 ? 0 : 3;
    if (f == null || f[at] > 23 || f[at + 1] > 59 || f[at + 2] > 60 || (len != 8 && (f[1] < 1 || f[1] > 12
        || f[2] < 1 || f[2] > 31))) {
      return Parsed.invalid(line, "Reload date/time " + line + " invalid - ignoring");
    }
    LocalDate today = now.atZone(zone).toLocalDate();
    LocalDateTime wanted;
    try {
      LocalTime time = LocalTime.of(f[at], f[at + 1], Math.min(f[at + 2], 59));
      LocalDate date = len == 8 ? today : LocalDate.of(len == 17 ? century(f[0]) : f[0], f[1], f[2]);
      wanted = LocalDateTime.of(date, time);
    } catch (DateTimeException e) {
      return Parsed.invalid(line, "Reload time " + line + " is not valid - ignoring");
    }
    Instant t = exactly(wanted, zone);
    if (t == null) {
      return Parsed.invalid(line, "Reload time " + line + " is not valid - ignoring");
    }
    if (!t.isAfter(now)) {
      if (len != 8) {
        return new Parsed(null, true, List.of("Reload time " + line + " is in the past - ignoring",
            "Reload date/time is in the past - ignoring"));
      }
      t = ZonedDateTime.of(wanted.plusDays(1), zone).toInstant();
    }
    return new Parsed(t, len != 8, List.of());
  }

  /** The instant of a local time, or null when the zone skips it (a daylight-saving gap). */
  private static Instant exactly(LocalDateTime local, ZoneId zone) {
    if (zone.getRules().getValidOffsets(local).isEmpty()) {
      return null;
    }
    return ZonedDateTime.of(local, zone).toInstant();
  }

  /** strptime's {@code %y}: 69 to 99 in the 1900s, 00 to 68 in the 2000s. */
  private static int century(int yy) {
    return yy < 69 ? 2000 + yy : 1900 + yy;
  }

  private static int[] fields(Matcher m) {
    int[] f = new int[m.groupCount()];
    for (int i = 0; i < f.length; i++) {
      f[i] = Integer.parseInt(m.group(i + 1));
    }
    return f;
  }

  /** keepalived's way of showing a reload time in its log: local, {@code YYYY-MM-DD HH:MM:SS}. */
  public static String shown(Instant t, ZoneId local) {
    return SHOWN.format(t.atZone(local));
  }
}
