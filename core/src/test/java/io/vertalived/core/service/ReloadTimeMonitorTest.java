package io.vertalived.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reload_time_file watch through the real inotify of this kernel, its log in keepalived's
 * words awaited as the events it reports; the clock is fixed a moment before the times the
 * files name, so that a reload comes within 100 ms.
 */
class ReloadTimeMonitorTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T11:59:59.900Z"), ZoneOffset.UTC);
  @TempDir
  Path dir;
  private Vertx vertx;
  private final BlockingQueue<String> log = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> reloads = new LinkedBlockingQueue<>();
  private final Logger logger = Logger.getLogger("io.vertalived.config");
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord r) {
      log.add(r.getMessage());
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  };
  private ReloadTimeMonitor monitor;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    logger.addHandler(handler);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (monitor != null) {
      monitor.stop();
    }
    logger.removeHandler(handler);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private String nextLog() throws InterruptedException {
    String m = log.poll(10, TimeUnit.SECONDS);
    if (m == null) {
      throw new AssertionError("no log line within 10 s");
    }
    return m;
  }

  private ReloadTimeMonitor start(Path file, boolean repeat) {
    return ReloadTimeMonitor.start(vertx, file, repeat, CLOCK, () -> reloads.add("reload"));
  }

  /** As an operator's tools write it: to a temporary file renamed over the watched one. */
  private static void replace(Path file, String content) throws Exception {
    Path tmp = file.resolveSibling(file.getFileName() + ".new");
    Files.writeString(tmp, content);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void aFileThatAppearsSchedulesAReloadAndIsRemovedByIt() throws Exception {
    Path file = dir.resolve("reload.time");
    monitor = start(file, false);
    assertNull(monitor.scheduled());
    Files.writeString(file, "12:00:00Z\n");
    assertEquals("Scheduling reload for 2026-12-01 12:00:00", nextLog());
    assertEquals("reload", reloads.poll(10, TimeUnit.SECONDS));
    assertFalse(Files.exists(file), "the reload removes the file");
    assertNull(monitor.scheduled());
  }

  @Test
  void aNewTimeMovesTheReloadAndRemovingTheFileCancelsIt() throws Exception {
    Path file = dir.resolve("reload.time");
    Files.writeString(file, "2026-12-24 18:00:00Z\n");
    monitor = start(file, false);
    assertEquals("Scheduling reload for 2026-12-24 18:00:00", nextLog());
    assertEquals(Instant.parse("2026-12-24T18:00:00Z"), monitor.scheduled());
    replace(file, "2026-12-25 06:00:00Z\n");
    assertEquals("Reload time updated from 2026-12-24 18:00:00 to 2026-12-25 06:00:00", nextLog());
    Files.writeString(file, "at noon\n");
    assertEquals("Reload time at noon format is incorrect - ignoring", nextLog());
    assertEquals("Invalid reload time 'at noon' specified - ignoring", nextLog());
    assertEquals("Cancelling reload scheduled for 2026-12-25 06:00:00", nextLog());
    assertNull(monitor.scheduled());
    Files.writeString(file, "2026-12-31 23:00:00Z\n");
    assertEquals("Scheduling reload for 2026-12-31 23:00:00", nextLog());
    Files.delete(file);
    assertEquals("Cancelling reload scheduled for 2026-12-31 23:00:00", nextLog());
    assertNull(monitor.scheduled());
    assertTrue(reloads.isEmpty());
  }

  @Test
  void withReloadRepeatATimeWithoutADateStays() throws Exception {
    Path file = dir.resolve("reload.time");
    Files.writeString(file, "12:00:00Z\n");
    monitor = start(file, true);
    assertEquals("Scheduling reload for 2026-12-01 12:00:00", nextLog());
    assertEquals("reload", reloads.poll(10, TimeUnit.SECONDS));
    assertTrue(Files.exists(file), "reload_repeat keeps a time without a date for tomorrow");
  }

  @Test
  void aMissingDirectoryIsReportedAndNothingIsWatched() throws Exception {
    monitor = start(dir.resolve("absent/reload.time"), false);
    assertTrue(nextLog().startsWith("Unable to monitor reload timer file directory " + dir.resolve("absent")));
    assertNull(monitor.scheduled());
  }

  @Test
  void theDirectoryGoingStopsTheMonitor() throws Exception {
    Path sub = Files.createDirectory(dir.resolve("timers"));
    Path file = sub.resolve("reload.time");
    Files.writeString(file, "2026-12-24 18:00:00Z\n");
    monitor = start(file, false);
    assertEquals("Scheduling reload for 2026-12-24 18:00:00", nextLog());
    Files.move(sub, dir.resolve("moved"));
    assertEquals("Cancelling reload scheduled for 2026-12-24 18:00:00", nextLog());
    assertEquals("Directory of reload timer file has disappeared. Monitoring stopped.", nextLog());
    assertNull(monitor.scheduled());
  }
}
