package io.vertalived.core.service;

import io.vertalived.core.net.Inotify;
import io.vertalived.core.net.NativeIoException;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Logger;

/**
 * keepalived's scheduled reload (keepalived.conf(5) Global definitions, reload_time_file and
 * reload_repeat): the file is watched with inotify, as keepalived watches it — its directory for
 * the file appearing, being renamed or removed, the file for {@code IN_CLOSE_WRITE} — and read
 * when it appears or has been written; its time schedules one reload, a new time moves it,
 * removing the file (or a line that is not a time) cancels it. When the time comes the file is
 * removed (kept with reload_repeat and a time without a date, which then reloads daily) and the
 * node reloads as by SIGHUP. The monitor is stopped when a reload starts and started again with
 * the configuration that results, as keepalived does. The inotify thread and the timer share
 * this object's lock; nothing here runs on an event loop but the timer's hand-off.
 */
public final class ReloadTimeMonitor {
  private static final Logger LOG = Logger.getLogger("io.vertalived.config");
  private static final int DIRECTORY_EVENTS = Inotify.IN_CREATE | Inotify.IN_DELETE | Inotify.IN_MOVED_TO
      | Inotify.IN_MOVED_FROM | Inotify.IN_DELETE_SELF | Inotify.IN_MOVE_SELF;

  private final Vertx vertx;
  private final Path file;
  private final boolean repeat;
  private final Clock clock;
  private final Runnable reload;
  private Inotify inotify;
  private int directoryWatch = -1;
  private int fileWatch = -1;
  private Instant scheduled;
  private boolean dateSpecified;
  private long timer = -1;
  private boolean stopped;

  private ReloadTimeMonitor(Vertx vertx, Path file, boolean repeat, Clock clock, Runnable reload) {
    this.vertx = vertx;
    this.file = file.isAbsolute() ? file : Path.of("/").resolve(file);
    this.repeat = repeat;
    this.clock = clock;
    this.reload = reload;
  }

  /**
   * Watches {@code file} and schedules what it says; {@code reload} runs when the time comes.
   * Blocking (it reads the file): call it off the event loop.
   */
  public static ReloadTimeMonitor start(Vertx vertx, Path file, boolean repeat, Clock clock, Runnable reload) {
    ReloadTimeMonitor m = new ReloadTimeMonitor(vertx, file, repeat, clock, reload);
    m.watch();
    return m;
  }

  private synchronized void watch() {
    Path directory = file.getParent();
    try {
      inotify = Inotify.open("vertalived-reload-time", this::event);
      directoryWatch = inotify.add(directory.toString(), DIRECTORY_EVENTS);
    } catch (NativeIoException e) {
      LOG.info("Unable to monitor reload timer file directory " + directory + "- ignoring (" + e.getMessage() + ")");
      closeLater();
      stopped = true;
      return;
    }
    fileWatch = watchFile();
  }

  /** The reload it will make, or null. */
  public synchronized Instant scheduled() {
    return scheduled;
  }

  /** Stops watching and cancels the scheduled reload without a word (a reload is starting, or the node stops). */
  public synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    cancelTimer();
    scheduled = null;
    closeLater();
  }

  private int watchFile() {
    int wd;
    try {
      wd = inotify.add(file.toString(), Inotify.IN_CLOSE_WRITE);
    } catch (NativeIoException e) {
      return -1;
    }
    readFile();
    return wd;
  }

  private synchronized void event(Inotify.Event e) {
    if (stopped) {
      return;
    }
    if (fileWatch != -1 && e.watch() == fileWatch && e.is(Inotify.IN_CLOSE_WRITE)) {
      readFile();
    }
    if (e.watch() != directoryWatch) {
      return;
    }
    if (e.is(Inotify.IN_DELETE_SELF | Inotify.IN_MOVE_SELF)) {
      cancel(true);
      LOG.info("Directory of reload timer file has disappeared. Monitoring stopped.");
      stopped = true;
      closeLater();
    } else if (e.is(Inotify.IN_CREATE | Inotify.IN_MOVED_TO | Inotify.IN_DELETE | Inotify.IN_MOVED_FROM)
        && e.name().equals(file.getFileName().toString())) {
      if (e.is(Inotify.IN_CREATE | Inotify.IN_MOVED_TO)) {
        fileWatch = watchFile();
      } else {
        if (fileWatch != -1) {
          inotify.remove(fileWatch);
        }
        fileWatch = -1;
        cancel(true);
      }
    }
  }

  private void readFile() {
    String line;
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      line = r.readLine();
    } catch (IOException e) {
      cancel(true);
      return;
    }
    if (line == null) {
      cancel(true);
      return;
    }
    ReloadTime.Parsed p = ReloadTime.parse(line, clock.instant(), clock.getZone());
    p.messages().forEach(LOG::info);
    if (p.at() == null) {
      cancel(true);
      return;
    }
    if (p.at().equals(scheduled)) {
      return;
    }
    if (timer != -1) {
      LOG.info("Reload time updated from " + ReloadTime.shown(scheduled, clock.getZone()) + " to "
          + ReloadTime.shown(p.at(), clock.getZone()));
      cancelTimer();
    } else {
      LOG.info("Scheduling reload for " + ReloadTime.shown(p.at(), clock.getZone()));
    }
    scheduled = p.at();
    dateSpecified = p.dateSpecified();
    long delay = Math.max(1, Duration.between(clock.instant(), p.at()).toMillis());
    long id = vertx.setTimer(delay, t -> vertx.executeBlocking(() -> {
      due(t);
      return null;
    }));
    timer = id;
  }

  private void due(long id) {
    synchronized (this) {
      if (stopped || id != timer) {
        return;
      }
      timer = -1;
      scheduled = null;
      // the file's removal below is ours: no cancellation for it
      stopped = true;
      closeLater();
      if (!repeat || dateSpecified) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          LOG.warning("cannot remove the reload time file " + file + ": " + e.getMessage());
        }
      }
    }
    reload.run();
  }

  private void cancel(boolean log) {
    if (timer == -1) {
      return;
    }
    cancelTimer();
    if (log && scheduled != null) {
      LOG.info("Cancelling reload scheduled for " + ReloadTime.shown(scheduled, clock.getZone()));
    }
    scheduled = null;
  }

  private void cancelTimer() {
    if (timer != -1) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  /** Closes the inotify instance off this thread: its own reader may be the caller. */
  private void closeLater() {
    Inotify i = inotify;
    inotify = null;
    if (i != null) {
      vertx.executeBlocking(() -> {
        i.close();
        return null;
      });
    }
  }
}
