package io.vertalived.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** keepalived.conf(5) reload_time_file: the three formats, UTC, tomorrow, and what is ignored, in keepalived's words. */
class ReloadTimeTest {
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  @Test
  void aTimeToComeIsToday() {
    ReloadTime.Parsed p = ReloadTime.parse("12:30:00", NOW, PARIS);
    assertEquals(Instant.parse("2026-12-01T11:30:00Z"), p.at(), "local time, UTC+1 in December");
    assertFalse(p.dateSpecified());
    assertEquals(List.of(), p.messages());
  }

  @Test
  void aTimeAlreadyPastIsTomorrow() {
    assertEquals(Instant.parse("2026-12-02T08:00:00Z"), ReloadTime.parse("09:00:00", NOW, PARIS).at());
    assertEquals(Instant.parse("2026-12-02T10:00:00Z"), ReloadTime.parse("10:00:00Z", NOW, PARIS).at(),
        "now itself is past");
  }

  @Test
  void datesInBothFormatsAndUtc() {
    ReloadTime.Parsed p = ReloadTime.parse("2026-12-24 18:00:00", NOW, PARIS);
    assertEquals(Instant.parse("2026-12-24T17:00:00Z"), p.at());
    assertTrue(p.dateSpecified());
    assertEquals(Instant.parse("2026-12-24T18:00:00Z"), ReloadTime.parse("26-12-24 18:00:00Z", NOW, PARIS).at());
    assertEquals(Instant.parse("2027-01-01T00:00:00Z"), ReloadTime.parse("2027-01-01 00:00:00Z", NOW, PARIS).at());
  }

  @Test
  void aPastDateIsIgnored() {
    ReloadTime.Parsed p = ReloadTime.parse("2026-11-30 12:00:00", NOW, PARIS);
    assertNull(p.at());
    assertEquals(List.of("Reload time 2026-11-30 12:00:00 is in the past - ignoring",
        "Reload date/time is in the past - ignoring"), p.messages());
    assertNull(ReloadTime.parse("99-12-31 23:59:59", NOW, PARIS).at(), "%y 99 is 1999");
  }

  @Test
  void malformedLinesAreIgnoredWithKeepalivedsMessages() {
    assertEquals(List.of("Reload time 12:30 format is incorrect - ignoring", "Invalid reload time '12:30' specified - ignoring"),
        ReloadTime.parse("12:30", NOW, PARIS).messages());
    assertEquals(List.of("Reload date/time 12:3O:00 invalid - ignoring", "Invalid reload time '12:3O:00' specified - ignoring"),
        ReloadTime.parse("12:3O:00", NOW, PARIS).messages());
    assertEquals("Reload date/time 24:00:00 invalid - ignoring", ReloadTime.parse("24:00:00", NOW, PARIS).messages().get(0));
    assertEquals("Reload date/time 2026-13-01 10:00:00 invalid - ignoring",
        ReloadTime.parse("2026-13-01 10:00:00", NOW, PARIS).messages().get(0));
    assertEquals("Reload time 12:30:00  format is incorrect - ignoring",
        ReloadTime.parse("12:30:00 ", NOW, PARIS).messages().get(0), "trailing blanks count, as keepalived reads the line");
  }

  @Test
  void timesThatDoNotExistAreIgnored() {
    assertEquals("Reload time 2027-02-30 10:00:00 is not valid - ignoring",
        ReloadTime.parse("2027-02-30 10:00:00", NOW, PARIS).messages().get(0));
    assertEquals("Reload time 2027-03-28 02:30:00 is not valid - ignoring",
        ReloadTime.parse("2027-03-28 02:30:00", NOW, PARIS).messages().get(0), "Paris skips 02:00 to 03:00 that day");
    assertEquals(Instant.parse("2027-03-28T01:30:00Z"), ReloadTime.parse("2027-03-28 01:30:00Z", NOW, PARIS).at(),
        "UTC has no gap");
  }

  @Test
  void shownAsKeepalivedLogsIt() {
    assertEquals("2026-12-24 18:00:00", ReloadTime.shown(Instant.parse("2026-12-24T17:00:00Z"), PARIS));
    assertEquals("2026-12-24 17:00:00", ReloadTime.shown(Instant.parse("2026-12-24T17:00:00Z"), ZoneOffset.UTC));
  }
}
