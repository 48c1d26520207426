package io.vertalived.launcher;

import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Logs to stdout, one line per event, as text or JSON, at the chosen level (JUL underneath). */
final class LogSetup {
  /** Loggers given a level here, held: the log manager keeps loggers only weakly. */
  private static final java.util.List<Logger> TUNED = new java.util.ArrayList<>();

  private LogSetup() {}

  static void configure(String level, String format, PrintStream out) {
    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    Level l = switch (level) {
      case "error" -> Level.SEVERE;
      case "warn" -> Level.WARNING;
      case "debug" -> Level.FINE;
      case "trace" -> Level.FINEST;
      default -> Level.INFO;
    };
    root.setLevel(l);
    Handler h = new LineHandler(out);
    h.setLevel(l);
    h.setFormatter(format.equals("json") ? new JsonLine() : new TextLine());
    root.addHandler(h);
    // Hazelcast is chatty at INFO; keep it to warnings unless debugging
    if (l.intValue() >= Level.INFO.intValue()) {
      tune("com.hazelcast", Level.WARNING);
    }
    // vertx-micrometer registers its gauges again for each handler by design (the same meter comes
    // back); Micrometer warns about that once at start: noise, not a fault of the operator's
    if (l.intValue() >= Level.INFO.intValue()) {
      tune("io.micrometer.core.instrument.MeterRegistry", Level.SEVERE);
    }
  }

  private static synchronized void tune(String name, Level level) {
    Logger logger = Logger.getLogger(name);
    logger.setLevel(level);
    TUNED.add(logger);
  }

  /**
   * Hands each record to a writer thread through a bounded queue, which it formats and writes:
   * at once when it comes after a quiet spell, then every 20 ms while lines keep coming
   * ({@link #nextPeriodMillis}): a thread that logs (an event loop, the VRRP thread) never waits
   * for stdout, which a slow or stalled reader (a pipe to journald or docker) can block. When the
   * queue is full, lines are dropped and counted, and the count is logged once there is room
   * again. Closing it (at JVM exit) waits for what is queued to be written; after that, lines are
   * written by the caller.
   */
  static final class LineHandler extends Handler {
    static final int CAPACITY = 8192;
    static final long WRITE_PERIOD_MS = 20;
    /** The longest wait between two looks at the queue, reached after a few looks found it empty. */
    static final long IDLE_PERIOD_MS = 160;
    private static final long DRAIN_WAIT_NANOS = 2_000_000_000L;
    private final PrintStream out;
    /** Records, formatted by the writer thread: the thread that logs only hands them over. */
    private final java.util.concurrent.BlockingQueue<LogRecord> lines = new java.util.concurrent.ArrayBlockingQueue<>(CAPACITY);
    private final java.util.concurrent.atomic.AtomicLong dropped = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong accepted = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean closed;
    /**
     * Set by the writer before each look at the queue, cleared when the look found lines or by the
     * line that wakes it: a line handed over while it is set wakes the writer.
     */
    private final java.util.concurrent.atomic.AtomicBoolean idle = new java.util.concurrent.atomic.AtomicBoolean(true);
    private final long writePeriodMillis;
    private final long idlePeriodMillis;

    private final Thread writer;

    LineHandler(PrintStream out) {
      this(out, WRITE_PERIOD_MS, IDLE_PERIOD_MS);
    }

    /** With other periods: tests. */
    LineHandler(PrintStream out, long writePeriodMillis, long idlePeriodMillis) {
      this.out = out;
      this.writePeriodMillis = writePeriodMillis;
      this.idlePeriodMillis = idlePeriodMillis;
      writer = new Thread(this::writeLines, "vertalived-log-writer");
      writer.setDaemon(true);
      writer.start();
    }

    /**
     * Drains the queue every write period (20 ms) while lines come, instead of waiting on it: a
     * burst of lines (a reload, a takeover's few lines) wakes the writer once, not per line. The
     * first line after a look that found none (a quiet spell of at least one period) wakes it at
     * once, with one futex call on the thread that logs, a takeover's first line too (a state
     * transition reaches stdout as it happens, as keepalived's does; the takeover's time on the
     * wire did not move, docs/benchmarks.md); lines more than a period apart each wake it, at most
     * 50 times a second. A quiet node (most of the time) wakes this thread 6 times a second, not
     * 50, waiting up to {@link #IDLE_PERIOD_MS} between looks (at 5,000 checks/s the writer's
     * wake-ups were 2% of a checker's CPU, docs/benchmarks.md).
     */
    private void writeLines() {
      java.util.List<LogRecord> batch = new java.util.ArrayList<>();
      long period = writePeriodMillis;
      while (!Thread.currentThread().isInterrupted()) {
        java.util.concurrent.locks.LockSupport.parkNanos(period * 1_000_000); // or sooner: a first line, a flush
        idle.set(true); // before the look: a line handed over after it finds the flag and wakes this thread
        lines.drainTo(batch);
        period = nextPeriodMillis(period, !batch.isEmpty(), writePeriodMillis, idlePeriodMillis);
        if (batch.isEmpty()) {
          continue;
        }
        idle.set(false);
        synchronized (out) {
          batch.forEach(r -> out.print(format(r)));
          long lost = dropped.getAndSet(0);
          if (lost > 0) {
            out.println(Instant.now() + " WARN log: " + lost + " log lines dropped (the output did not keep up)");
          }
          out.flush();
        }
        written.addAndGet(batch.size());
        batch.clear();
      }
    }

    /** Tests: the writer looks at the queue now. */
    void lookNow() {
      java.util.concurrent.locks.LockSupport.unpark(writer);
    }

    /** Tests: whether a line handed over now wakes the writer. */
    boolean waitingForLines() {
      return idle.get();
    }

    /** The wait after one of {@code periodMillis}: back to the shortest when lines came, else twice it, up to the longest. */
    static long nextPeriodMillis(long periodMillis, boolean linesCame, long shortest, long longest) {
      return linesCame ? shortest : Math.min(longest, periodMillis * 2);
    }

    @Override
    public void publish(LogRecord r) {
      if (!isLoggable(r)) {
        return;
      }
      if (closed) {
        String line = format(r);
        synchronized (out) {
          out.print(line);
          out.flush();
        }
      } else if (lines.offer(r)) {
        long pending = accepted.incrementAndGet() - written.get();
        if (idle.get() && idle.compareAndSet(true, false)) {
          java.util.concurrent.locks.LockSupport.unpark(writer); // the first line after a quiet spell
        } else if (pending >= CAPACITY / 4) {
          // a burst (a reload of thousands of real servers): not to wait out an idle period and drop lines
          java.util.concurrent.locks.LockSupport.unpark(writer);
        }
      } else {
        dropped.incrementAndGet();
      }
    }

    private String format(LogRecord r) {
      try {
        return getFormatter().format(r);
      } catch (RuntimeException e) {
        return Instant.ofEpochMilli(r.getMillis()) + " ERROR log: a log record could not be formatted: " + e + System.lineSeparator();
      }
    }

    /** Waits (up to 2 s) until the lines handed over so far are written. */
    @Override
    public void flush() {
      long end = System.nanoTime() + DRAIN_WAIT_NANOS;
      long target = accepted.get();
      if (written.get() < target) {
        java.util.concurrent.locks.LockSupport.unpark(writer); // not to wait out its period
      }
      while (written.get() < target && System.nanoTime() < end) {
        Thread.onSpinWait();
        Thread.yield();
      }
      synchronized (out) {
        out.flush();
      }
    }

    @Override
    public void close() {
      flush();
      closed = true;
    }
  }

  static String levelName(Level l) {
    if (l.intValue() >= Level.SEVERE.intValue()) {
      return "ERROR";
    }
    if (l.intValue() >= Level.WARNING.intValue()) {
      return "WARN";
    }
    if (l.intValue() >= Level.INFO.intValue()) {
      return "INFO";
    }
    if (l.intValue() >= Level.FINE.intValue()) {
      return "DEBUG";
    }
    return "TRACE";
  }

  static String message(LogRecord r) {
    String m = r.getMessage() == null ? "" : new java.util.logging.SimpleFormatter().formatMessage(r);
    if (r.getThrown() != null) {
      m = m + " (" + r.getThrown() + ")";
    }
    return m.replace('\n', ' ');
  }

  static final class TextLine extends Formatter {
    @Override
    public String format(LogRecord r) {
      return Instant.ofEpochMilli(r.getMillis()) + " " + levelName(r.getLevel()) + " "
          + shortName(r.getLoggerName()) + ": " + message(r) + System.lineSeparator();
    }
  }

  static final class JsonLine extends Formatter {
    @Override
    public String format(LogRecord r) {
      return new JsonObject()
          .put("time", Instant.ofEpochMilli(r.getMillis()).toString())
          .put("level", levelName(r.getLevel()))
          .put("logger", r.getLoggerName())
          .put("message", message(r))
          .encode() + System.lineSeparator();
    }
  }

  private static String shortName(String logger) {
    if (logger == null) {
      return "-";
    }
    int dot = logger.lastIndexOf('.');
    return dot < 0 ? logger : logger.substring(dot + 1);
  }
}
