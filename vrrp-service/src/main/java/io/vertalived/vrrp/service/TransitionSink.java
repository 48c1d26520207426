package io.vertalived.vrrp.service;

import io.vertalived.core.config.model.VrrpInstance;
import io.vertalived.vrrp.protocol.VrrpState;
import io.vertx.core.Future;

/**
 * Where an instance's transitions go: the log, its notify scripts and FIFO lines, the bus
 * (Linux: {@link NotifyingTransitions}).
 */
interface TransitionSink {
  /** One transition; the future completes when its notifies ran (a stop waits for them). */
  Future<?> transition(VrrpInstance vi, VrrpState from, VrrpState to, int priority, String reason);

  /**
   * A reload kept the instance in {@code state} without a transition: keepalived's
   * {@code fifo_write_vrrp_states_on_reload} writes its FIFO line then (not for a MASTER).
   */
  void keptAtReload(VrrpInstance vi, VrrpState state, int priority);

  /**
   * The instance is a member of a sync group whose state this supplies: as keepalived does, a
   * transition into the state the group is already in sends no instance notifies (the group's
   * say it) unless it is the instance's first.
   */
  default void memberOf(java.util.function.Supplier<VrrpState> groupState) {
  }

  /**
   * An alert of the instance raised ({@code active}) or cleared: {@code kind} {@code dual_master}
   * ({@code peer} the other router) or {@code duplicate_vip} ({@code peer} the other holder's MAC).
   */
  default void alert(VrrpInstance vi, String kind, boolean active, String peer, String detail) {
  }
}
