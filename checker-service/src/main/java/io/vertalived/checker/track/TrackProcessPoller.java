package io.vertalived.checker.track;

import io.vertalived.core.config.model.KeepalivedConfig;
import io.vertalived.core.config.model.TrackProcess;
import io.vertalived.core.config.model.VrrpInstance;
import io.vertalived.core.config.model.VrrpSyncGroup;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * This node's {@code vrrp_track_process}es (keepalived.conf(5) VRRP track processes), by polling /proc every
 * {@link #POLL_MILLIS} ms on a worker (keepalived listens to the kernel's proc connector instead):
 * the number of matching processes of each, its quorum state after fork/terminate delays, and
 * each change to the {@link TrackBoard} ({@code value} = the number of processes).
 */
final class TrackProcessPoller extends VerticleBase {
  static final long POLL_MILLIS = 250;
  private static final Logger LOG = Logger.getLogger("io.vertalived.checker");
  private final KeepalivedConfig config;
  private final TrackBoard board;
  private final Path proc;
  private final Map<TrackProcess, ProcessQuorum> tracked = new LinkedHashMap<>();
  private boolean needCmdline;
  private boolean polling;
  private long timer;

  TrackProcessPoller(KeepalivedConfig config, TrackBoard board, Path proc) {
    this.config = config;
    this.board = board;
    this.proc = proc;
  }

  /** The track_processes some instance or sync group tracks; the others are not polled. */
  static Set<String> trackedProcesses(KeepalivedConfig c) {
    return TrackedNames.of(c, VrrpInstance::trackProcesses, VrrpSyncGroup::trackProcesses, c.trackProcesses().keySet());
  }

  @Override
  public Future<?> start() {
    for (String name : trackedProcesses(config)) {
      TrackProcess t = config.trackProcesses().get(name);
      tracked.put(t, new ProcessQuorum(t.quorum(), t.quorumMax(), t.forkDelay(), t.terminateDelay()));
      needCmdline |= t.fullCommand() || !t.parameters().isEmpty();
    }
    poll();
    timer = vertx.setPeriodic(POLL_MILLIS, id -> poll());
    return Future.succeededFuture();
  }

  private void poll() {
    if (polling) {
      return;
    }
    polling = true;
    vertx.executeBlocking(() -> ProcessTable.read(proc, needCmdline), false).onComplete(ar -> {
      polling = false;
      if (ar.succeeded()) {
        evaluate(System.nanoTime(), ar.result());
      }
    });
  }

  private void evaluate(long now, List<ProcessInfo> processes) {
    tracked.forEach((t, quorum) -> {
      int count = (int) processes.stream().filter(p -> ProcessMatcher.matches(t, p)).count();
      Boolean change = quorum.observe(now, count);
      if (change != null) {
        String why = count + " process" + (count == 1 ? "" : "es") + " '" + t.process() + "' (quorum "
            + t.quorum() + (t.quorumMax() == Integer.MAX_VALUE ? "" : ".." + t.quorumMax()) + ")";
        LOG.info("track_process " + t.name() + (change ? " up: " : " down: ") + why);
        board.publish("process", t.name(), change, count, why);
      }
    });
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }
}
