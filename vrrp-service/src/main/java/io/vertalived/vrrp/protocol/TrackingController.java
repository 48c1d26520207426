package io.vertalived.vrrp.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * Feeds tracker results into an instance's state machine (keepalived.conf(5) VRRP instance(s), track_* weights): a change of effective
 * priority recomputes the skew; the first tracker forcing FAULT raises it, the last one
 * clearing it lets the instance leave FAULT. Pure; the instance's thread.
 */
public final class TrackingController {
  private final TrackedPriority trackers;
  private final VrrpStateMachine machine;
  private String fault;
  /** Whether this controller holds one fault on the machine (never more than one). */
  private boolean raised;

  public TrackingController(TrackedPriority trackers, VrrpStateMachine machine) {
    this.trackers = trackers;
    this.machine = machine;
  }

  /** Call before {@link VrrpStateMachine#start}: trackers may hold the instance in FAULT. */
  public List<VrrpAction> beforeStart(long now) {
    machine.priorityChanged(now, trackers.effectivePriority());
    fault = trackers.faultReason();
    if (fault != null && !raised) {
      raised = true;
      return machine.faultRaised(now, fault);
    }
    return List.of();
  }

  /** A tracker's new state; no actions if the instance does not track it. */
  public List<VrrpAction> result(long now, TrackedPriority.Kind kind, String name, boolean up, long value) {
    if (!trackers.update(kind, name, up, value)) {
      return List.of();
    }
    List<VrrpAction> out = new ArrayList<>();
    int before = machine.effectivePriority();
    int after = trackers.effectivePriority();
    if (after != before) {
      out.addAll(machine.priorityChanged(now, after));
    }
    String now2 = trackers.faultReason();
    if (now2 != null && !raised) {
      raised = true;
      out.addAll(machine.faultRaised(now, now2));
    } else if (now2 == null && raised) {
      raised = false;
      String was = fault == null ? "trackers" : fault;
      out.addAll(machine.faultCleared(now, was.replace(" failed", " succeeded")
          .replace(" is down", " is up").replace(" has not reported yet", " reported")));
    }
    fault = now2;
    return out;
  }
}
