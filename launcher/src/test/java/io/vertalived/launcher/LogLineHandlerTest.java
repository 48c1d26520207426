package io.vertalived.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class LogLineHandlerTest {
  private static LogSetup.LineHandler handler(OutputStream sink) {
    LogSetup.LineHandler h = new LogSetup.LineHandler(new PrintStream(sink, false, StandardCharsets.UTF_8));
    h.setFormatter(new LogSetup.TextLine());
    return h;
  }

  @Test
  void linesAreWrittenInOrder() {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    LogSetup.LineHandler h = handler(sink);
    for (int i = 0; i < 1000; i++) {
      h.publish(new LogRecord(Level.INFO, "line " + i));
    }
    h.close();
    String[] lines = sink.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals(1000, lines.length);
    for (int i = 0; i < 1000; i++) {
      assertTrue(lines[i].endsWith("INFO -: line " + i), lines[i]);
    }
    h.publish(new LogRecord(Level.WARNING, "after close"));
    assertTrue(sink.toString(StandardCharsets.UTF_8).endsWith("WARN -: after close\n"));
  }

  /**
   * The writer looks at the queue every 20 ms while lines come and less often, up to 160 ms apart, while none do: a
   * quiet node's log thread wakes a few times a second.
   */
  @Test
  void theWriterLooksLessOftenWhileNoLinesCome() {
    long period = LogSetup.LineHandler.WRITE_PERIOD_MS;
    StringBuilder seen = new StringBuilder();
    for (int look = 0; look < 5; look++) {
      period = LogSetup.LineHandler.nextPeriodMillis(period, false, LogSetup.LineHandler.WRITE_PERIOD_MS, LogSetup.LineHandler.IDLE_PERIOD_MS);
      seen.append(period).append(' ');
    }
    assertEquals("40 80 160 160 160 ", seen.toString());
    assertEquals(LogSetup.LineHandler.WRITE_PERIOD_MS,
        LogSetup.LineHandler.nextPeriodMillis(160, true, LogSetup.LineHandler.WRITE_PERIOD_MS, LogSetup.LineHandler.IDLE_PERIOD_MS));
  }

  /**
   * A line that comes while the writer waits out a quiet spell is written at once, not when the
   * writer next looks (a state transition reaches the log as it happens): with periods of an hour,
   * only the wake-up writes it. So is the first line after the writer has looked and found none.
   */
  @Test
  void aLineAfterAQuietSpellIsWrittenAtOnce() throws Exception {
    java.util.concurrent.Semaphore lines = new java.util.concurrent.Semaphore(0);
    OutputStream sink = new OutputStream() {
      @Override
      public void write(int b) {
        if (b == '\n') {
          lines.release();
        }
      }
    };
    LogSetup.LineHandler h = new LogSetup.LineHandler(new PrintStream(sink, false, StandardCharsets.UTF_8), 3_600_000, 3_600_000);
    h.setFormatter(new LogSetup.TextLine());
    h.publish(new LogRecord(Level.INFO, "(VI_1) Entering BACKUP STATE"));
    assertTrue(lines.tryAcquire(30, java.util.concurrent.TimeUnit.SECONDS), "the first line waited for the writer's period");
    h.lookNow(); // a look that finds nothing: a quiet spell
    assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
      while (!h.waitingForLines()) {
        Thread.onSpinWait();
      }
    }, "the writer found no line and did not wait for the next one");
    h.publish(new LogRecord(Level.INFO, "(VI_1) Entering MASTER STATE"));
    assertTrue(lines.tryAcquire(30, java.util.concurrent.TimeUnit.SECONDS), "the line after a quiet spell waited for the writer's period");
    h.close();
  }

  /** An output that blocks (a stalled pipe) must not block the thread that logs. */
  @Test
  void aStalledOutputNeverBlocksTheLoggerAndDroppedLinesAreCounted() throws Exception {
    CountDownLatch stalled = new CountDownLatch(1);
    ByteArrayOutputStream written = new ByteArrayOutputStream();
    OutputStream pipe = new OutputStream() {
      @Override
      public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        try {
          stalled.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        synchronized (written) {
          written.write(b, off, len);
        }
      }
    };
    LogSetup.LineHandler h = handler(pipe);
    int n = LogSetup.LineHandler.CAPACITY * 2;
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      for (int i = 0; i < n; i++) {
        h.publish(new LogRecord(Level.INFO, "line " + i));
      }
    });
    stalled.countDown();
    h.close();
    String out;
    synchronized (written) {
      out = written.toString(StandardCharsets.UTF_8);
    }
    assertTrue(out.startsWith(java.time.Instant.now().toString().substring(0, 4)), out.substring(0, 40));
    assertTrue(out.contains("INFO -: line 0\n"));
    assertTrue(out.matches("(?s).*WARN log: \\d+ log lines dropped \\(the output did not keep up\\).*"), "no drop count");
  }
}
