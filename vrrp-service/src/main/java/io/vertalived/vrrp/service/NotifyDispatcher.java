package io.vertalived.vrrp.service;

import io.vertalived.core.config.model.NotifyScripts;
import io.vertalived.core.config.model.ScriptCommand;
import io.vertalived.core.script.ScriptRunner;
import io.vertalived.vrrp.protocol.VrrpState;
import io.vertx.core.Future;
import java.util.List;
import java.util.logging.Logger;

/**
 * Runs an instance's notify scripts and writes its FIFO lines on every transition (keepalived.conf(5) VRRP instance(s)):
 * {@code notify_master|backup|fault|stop} with no arguments, then {@code notify} with
 * keepalived's four arguments {@code INSTANCE NAME STATE PRIORITY}, and the FIFO line
 * {@code INSTANCE "NAME" STATE PRIORITY}. Unlike keepalived, the scripts of one instance run in
 * the order of its transitions, one after the other.
 */
final class NotifyDispatcher {
  private static final Logger LOG = Logger.getLogger("io.vertalived.vrrp");
  static final long NOTIFY_TIMEOUT_MS = 30_000;
  static final long STOP_TIMEOUT_MS = 1_000;
  private final String kind;
  private String name;
  private NotifyScripts scripts;
  private final ScriptRunner runner;
  private final List<FifoWriter> fifos;
  private Future<?> previous = Future.succeededFuture();
  private java.util.function.Supplier<VrrpState> groupState = () -> null;
  private boolean notifiesSent;

  NotifyDispatcher(String kind, String name, NotifyScripts scripts, ScriptRunner runner, List<FifoWriter> fifos) {
    this.kind = kind;
    this.name = name;
    this.scripts = scripts;
    this.runner = runner;
    this.fifos = List.copyOf(fifos);
  }

  /** A reload: the instance's name and scripts from now on; notifies keep their order. */
  void use(String name, NotifyScripts scripts) {
    this.name = name;
    this.scripts = scripts;
  }

  /** keepalived's {@code fifo_write_vrrp_states_on_reload}: the FIFO line alone, no script. */
  void fifoOnly(VrrpState state, int priority) {
    for (FifoWriter f : fifos) {
      f.write(fifoLine(kind, name, state, priority));
    }
  }

  /** keepalived's FIFO line: {@code INSTANCE "VI_1" MASTER 100}. */
  static String fifoLine(String kind, String name, VrrpState state, int priority) {
    return kind + " \"" + name + "\" " + state.name() + " " + priority;
  }

  /**
   * The instance is a member of a sync group whose state this supplies: as keepalived does
   * (vrrp_notify.c), a transition into the state the group is already in sends no instance
   * notifies (scripts, FIFO) unless it is the instance's first; the group's notifies say it.
   */
  void memberOf(java.util.function.Supplier<VrrpState> groupState) {
    this.groupState = groupState;
  }

  /** Queues the notifies of one transition; the returned future completes when they ran. */
  Future<?> transition(VrrpState to, int priority) {
    if (notifiesSent && to == groupState.get()) {
      LOG.fine(() -> "(" + name + ") " + to + ": notifies left to its sync group");
      return previous;
    }
    notifiesSent = true;
    for (FifoWriter f : fifos) {
      f.write(fifoLine(kind, name, to, priority));
    }
    ScriptCommand specific = switch (to) {
      case MASTER -> scripts.master();
      case BACKUP -> scripts.backup();
      case FAULT -> scripts.fault();
      case STOP -> scripts.stop();
      case DELETED -> scripts.deleted();
      default -> null;
    };
    long timeout = to == VrrpState.STOP ? STOP_TIMEOUT_MS : NOTIFY_TIMEOUT_MS;
    List<String> args = List.of(kind, name, to.name(), Integer.toString(priority));
    Future<?> chain = previous;
    if (specific != null) {
      chain = chain.transform(x -> run(specific, List.of(), timeout));
    }
    if (scripts.generic() != null && to != VrrpState.INIT) {
      chain = chain.transform(x -> run(scripts.generic(), args, timeout));
    }
    previous = chain;
    return chain;
  }

  private Future<?> run(ScriptCommand cmd, List<String> args, long timeout) {
    return runner.run(cmd, args, timeout).onSuccess(r -> {
      if (!r.succeeded()) {
        LOG.warning("(" + name + ") notify script " + cmd.command() + " " + r.describe());
      }
    });
  }
}
