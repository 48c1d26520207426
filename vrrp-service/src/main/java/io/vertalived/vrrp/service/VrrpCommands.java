package io.vertalived.vrrp.service;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.BusFailure;
import io.vertalived.core.bus.VrrpCommand;
import io.vertalived.core.bus.VrrpCommandOutcome;
import io.vertalived.vrrp.protocol.VrrpAction.HandoverFinished;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Answers {@link Addresses#VRRP_COMMAND}: {@code handover} (planned, hitless; a member of
 * a sync group hands over its whole group, all or nothing as keepalived.conf(5) VRRP synchronization group(s) wants) and
 * {@code resume-preempt}. Runs each command on the VRRP thread.
 */
final class VrrpCommands {
  static final int BAD_REQUEST = BusFailure.BAD_REQUEST;
  static final int NO_SUCH_INSTANCE = BusFailure.NOT_FOUND;
  static final int REFUSED = BusFailure.CONFLICT;

  private final String node;
  private final Map<String, InstanceRunner> instances;
  private final java.util.function.Function<String, List<String>> groupMembers;
  private final Executor vrrpThread;

  /**
   * @param instances the node's instances by name, read on the VRRP thread (a reload changes them there)
   * @param groupMembers an instance's sync group's members (itself alone when in none), on the VRRP thread
   */
  VrrpCommands(String node, Map<String, InstanceRunner> instances,
               java.util.function.Function<String, List<String>> groupMembers, Executor vrrpThread) {
    this.node = node;
    this.instances = instances;
    this.groupMembers = groupMembers;
    this.vrrpThread = vrrpThread;
  }

  /** Runs a command; fails with 400, 404 or 409 and the reason in words. */
  Future<VrrpCommandOutcome> handle(VrrpCommand c) {
    String command = c.command();
    String name = c.instance();
    if (!VrrpCommand.HANDOVER.equals(command) && !VrrpCommand.RESUME_PREEMPT.equals(command)) {
      return Future.failedFuture(new BusFailure(BAD_REQUEST, "field 'command' must be 'handover' or 'resume-preempt'"));
    }
    if (name == null || name.isEmpty()) {
      return Future.failedFuture(new BusFailure(BAD_REQUEST, "missing field 'instance' (the name of a vrrp_instance)"));
    }
    Promise<VrrpCommandOutcome> done = Promise.promise();
    vrrpThread.execute(() -> {
      if (!instances.containsKey(name)) {
        done.fail(new BusFailure(NO_SUCH_INSTANCE, "no VRRP instance '" + name + "' on node " + node));
      } else {
        run(command, name, done);
      }
    });
    return done.future();
  }

  /** On the VRRP thread. */
  private void run(String command, String name, Promise<VrrpCommandOutcome> done) {
    if (VrrpCommand.HANDOVER.equals(command)) {
      handover(name).onComplete(ar -> {
        if (ar.succeeded()) {
          done.complete(ar.result());
        } else {
          done.fail(new BusFailure(REFUSED, ar.cause().getMessage()));
        }
      });
    } else {
      members(name).forEach(m -> instances.get(m).resumePreemption());
      done.complete(new VrrpCommandOutcome(name, false, "preemption resumed for " + String.join(", ", members(name))));
    }
  }

  private List<String> members(String name) {
    return groupMembers.apply(name);
  }

  /** All members refuse-checked first, so that a group is handed over entirely or not at all. */
  private Future<VrrpCommandOutcome> handover(String name) {
    for (String m : members(name)) {
      String refusal = instances.get(m).machine().handoverRefusal();
      if (refusal != null) {
        return Future.failedFuture(refusal);
      }
    }
    List<Future<HandoverFinished>> running = new ArrayList<>();
    for (String m : members(name)) {
      running.add(instances.get(m).handover());
    }
    return Future.join(running).transform(ar -> {
      boolean all = true;
      List<String> outcomes = new ArrayList<>();
      for (Future<HandoverFinished> f : running) {
        HandoverFinished h = f.result();
        all &= h != null && h.handedOver();
        outcomes.add(h != null ? h.outcome() : String.valueOf(f.cause().getMessage()));
      }
      return Future.succeededFuture(new VrrpCommandOutcome(name, all, String.join("; ", outcomes)));
    });
  }
}
