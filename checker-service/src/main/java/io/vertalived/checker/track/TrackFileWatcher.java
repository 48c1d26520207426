package io.vertalived.checker.track;

import io.vertalived.core.config.model.KeepalivedConfig;
import io.vertalived.core.config.model.TrackFile;
import io.vertalived.core.config.model.VrrpInstance;
import io.vertalived.core.config.model.VrrpSyncGroup;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * This node's {@code track_file}s (keepalived.conf(5) Track files): the integer in each file some instance or sync
 * group tracks, read at start (after {@code init_file}) and again whenever the file changes
 * (inotify, through the JDK's WatchService on its directory, on a thread of its own), once its
 * events have been quiet for {@link #SETTLE_MILLIS} ms. Each new
 * value goes to the {@link TrackBoard}; the VRRP side applies value × weight (keepalived.conf(5) VRRP instance(s), track_* weights).
 */
final class TrackFileWatcher extends VerticleBase {
  private static final Logger LOG = Logger.getLogger("io.vertalived.checker");
  /** Enough for any integer; a longer file is read only this far. */
  private static final int MAX_BYTES = 64;
  /** Quiet time after the last change of a file before it is read. */
  static final long SETTLE_MILLIS = 50;
  private final KeepalivedConfig config;
  private final TrackBoard board;
  private final Map<Path, List<TrackFile>> byFile = new HashMap<>();
  private final Map<String, Long> values = new HashMap<>();
  private WatchService watcher;
  private Thread thread;

  TrackFileWatcher(KeepalivedConfig config, TrackBoard board) {
    this.config = config;
    this.board = board;
  }

  /** The track_files some instance or sync group tracks; the others are not watched. */
  static Set<String> trackedFiles(KeepalivedConfig c) {
    return TrackedNames.of(c, VrrpInstance::trackFiles, VrrpSyncGroup::trackFiles, c.trackFiles().keySet());
  }

  @Override
  public Future<?> start() {
    Context context = vertx.getOrCreateContext();
    return vertx.executeBlocking(() -> {
      watcher = FileSystems.getDefault().newWatchService();
      Set<Path> dirs = new LinkedHashSet<>();
      for (String name : trackedFiles(config)) {
        TrackFile f = config.trackFiles().get(name);
        Path file = Path.of(f.file()).toAbsolutePath();
        initFile(f, file);
        byFile.computeIfAbsent(file, k -> new java.util.ArrayList<>()).add(f);
        dirs.add(file.getParent());
      }
      for (Path dir : dirs) {
        dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
            StandardWatchEventKinds.ENTRY_DELETE);
      }
      Map<TrackFile, Long> first = new HashMap<>();
      byFile.forEach((file, files) -> files.forEach(f -> first.put(f, read(file))));
      context.runOnContext(v -> first.forEach(this::publishIfChanged));
      thread = new Thread(() -> watch(context), "track-file-watch");
      thread.setDaemon(true);
      thread.start();
      return null;
    });
  }

  /** {@code init_file [VALUE] [overwrite]}: creates the file (or overwrites it) with VALUE. */
  private static void initFile(TrackFile f, Path file) throws IOException {
    if (f.initValue() != null && (f.initOverwrite() || !Files.exists(file))) {
      Files.writeString(file, f.initValue() + "\n");
    }
  }

  private void watch(Context context) {
    try {
      while (true) {
        Set<Path> changed = new LinkedHashSet<>();
        // a writer truncates, then writes: read once the events have settled, or the value
        // would pass through 0 on its way
        for (WatchKey key = watcher.take(); key != null; key = watcher.poll(SETTLE_MILLIS, TimeUnit.MILLISECONDS)) {
          Path dir = (Path) key.watchable();
          key.pollEvents().forEach(e -> {
            if (e.context() instanceof Path p) {
              changed.add(dir.resolve(p));
            }
          });
          key.reset();
        }
        for (Path file : changed) {
          List<TrackFile> files = byFile.get(file);
          if (files != null) {
            long value = read(file);
            context.runOnContext(v -> files.forEach(f -> publishIfChanged(f, value)));
          }
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // stopping
    }
  }

  /**
   * The file's integer as keepalived reads it: leading blanks, an optional sign and digits;
   * anything else, an empty or a missing file, is 0.
   */
  static long parse(String text) {
    String t = text.strip();
    int end = 0;
    if (end < t.length() && (t.charAt(end) == '-' || t.charAt(end) == '+')) {
      end++;
    }
    while (end < t.length() && Character.isDigit(t.charAt(end)) && end < 19) {
      end++;
    }
    try {
      return Long.parseLong(t.substring(0, end));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static long read(Path file) {
    try (var in = Files.newInputStream(file)) {
      return parse(new String(in.readNBytes(MAX_BYTES), java.nio.charset.StandardCharsets.US_ASCII));
    } catch (IOException e) {
      return 0;
    }
  }

  private void publishIfChanged(TrackFile f, long value) {
    Long before = values.put(f.name(), value);
    if (before == null || before != value) {
      LOG.info("track_file " + f.name() + " (" + f.file() + ") value " + value);
      long weighted = value * f.weight() * (f.weightReverse() ? -1L : 1L);
      boolean up = f.weight() == 0 ? value == 0 : weighted >= -253;
      board.publish("file", f.name(), up, value, "value " + value + " in " + f.file());
    }
  }

  @Override
  public Future<?> stop() {
    return vertx.executeBlocking(() -> {
      if (watcher != null) {
        watcher.close();
      }
      return null;
    });
  }
}
