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
      Logger.getLogger("com.hazelcast").setLevel(Level.WARNING);
    }
  }

  /** Writes each record at once; closing it never closes the process's stdout or stderr. */
  static final class LineHandler extends Handler {
    private final PrintStream out;

    LineHandler(PrintStream out) {
      this.out = out;
    }

    @Override
    public synchronized void publish(LogRecord r) {
      if (isLoggable(r)) {
        out.print(getFormatter().format(r));
        out.flush();
      }
    }

    @Override
    public void flush() {
      out.flush();
    }

    @Override
    public void close() {
      out.flush();
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
