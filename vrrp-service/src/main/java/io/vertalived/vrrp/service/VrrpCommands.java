package io.vertalived.vrrp.service;

import io.vertalived.core.bus.Addresses;
import io.vertalived.vrrp.protocol.VrrpAction.HandoverFinished;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Answers {@link Addresses#vrrpCommand(String)}: {@code handover} (planned, hitless; a member of
 * a sync group hands over its whole group, all or nothing as keepalived.conf(5) VRRP synchronization group(s) wants) and
 * {@code resume-preempt}. Runs each command on the VRRP thread.
 */
final class VrrpCommands {
  static final int BAD_REQUEST = 400;
  static final int NO_SUCH_INSTANCE = 404;
  static final int REFUSED = 409;

  private final String node;
  private final Map<String, InstanceRunner> instances;
  private final Map<String, List<String>> groupMembers;
  private final Executor vrrpThread;

  /** {@code groupMembers}: for every instance in a sync group, all members of that group. */
  VrrpCommands(String node, Map<String, InstanceRunner> instances, Map<String, List<String>> groupMembers,
               Executor vrrpThread) {
    this.node = node;
    this.instances = instances;
    this.groupMembers = groupMembers;
    this.vrrpThread = vrrpThread;
  }

  void handle(Message<Object> msg) {
    JsonObject body = msg.body() instanceof JsonObject o ? o : null;
    Object command = body == null ? null : body.getValue("command");
    Object instance = body == null ? null : body.getValue("instance");
    if (!"handover".equals(command) && !"resume-preempt".equals(command)) {
      msg.fail(BAD_REQUEST, "field 'command' must be 'handover' or 'resume-preempt'");
      return;
    }
    if (!(instance instanceof String name) || name.isEmpty()) {
      msg.fail(BAD_REQUEST, "missing field 'instance' (the name of a vrrp_instance)");
      return;
    }
    if (!instances.containsKey(name)) {
      msg.fail(NO_SUCH_INSTANCE, "no VRRP instance '" + name + "' on node " + node);
      return;
    }
    if ("handover".equals(command)) {
      vrrpThread.execute(() -> handover(name).onComplete(ar -> {
        if (ar.succeeded()) {
          msg.reply(ar.result());
        } else {
          msg.fail(REFUSED, ar.cause().getMessage());
        }
      }));
    } else {
      vrrpThread.execute(() -> {
        members(name).forEach(m -> instances.get(m).resumePreemption());
        msg.reply(new JsonObject().put("instance", name).put("handedOver", false)
            .put("outcome", "preemption resumed for " + String.join(", ", members(name))));
      });
    }
  }

  private List<String> members(String name) {
    return groupMembers.getOrDefault(name, List.of(name));
  }

  /** All members refuse-checked first, so that a group is handed over entirely or not at all. */
  private Future<JsonObject> handover(String name) {
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
      return Future.succeededFuture(new JsonObject().put("instance", name).put("handedOver", all)
          .put("outcome", String.join("; ", outcomes)));
    });
  }
}
