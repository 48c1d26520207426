package io.vertalived.vrrp.service;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * keepalived's notify FIFO (keepalived.conf(5) Global definitions, notify_fifo): one line per event, written in order on a single worker
 * thread. The FIFO is created if missing and opened read-write, so that opening never blocks
 * while no reader is attached (the kernel buffers up to its pipe size).
 */
final class FifoWriter implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger("io.vertalived.vrrp");
  private final WorkerExecutor worker;
  private final Path path;
  private RandomAccessFile out;

  FifoWriter(Vertx vertx, String path) {
    this.path = Path.of(path);
    this.worker = vertx.createSharedWorkerExecutor("vrrp-fifo-" + path, 1, 30, TimeUnit.SECONDS);
  }

  Future<Void> write(String line) {
    return worker.executeBlocking(() -> {
      try {
        if (out == null) {
          if (!Files.exists(path)) {
            Process p = new ProcessBuilder("mkfifo", "-m", "0600", path.toString()).redirectErrorStream(true).start();
            if (p.waitFor() != 0) {
              throw new IOException("mkfifo " + path + " failed: " + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
            }
          }
          out = new RandomAccessFile(path.toFile(), "rw");
        }
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        LOG.warning("notify FIFO " + path + ": " + e.getMessage());
      }
      return null;
    }, true);
  }

  @Override
  public void close() {
    worker.executeBlocking(() -> {
      if (out != null) {
        out.close();
      }
      return null;
    }, true).onComplete(ar -> worker.close());
  }
}
