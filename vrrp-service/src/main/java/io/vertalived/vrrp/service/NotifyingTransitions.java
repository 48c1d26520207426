package io.vertalived.vrrp.service;

import io.vertalived.core.config.model.VrrpInstance;
import io.vertalived.vrrp.protocol.VrrpState;
import io.vertx.core.Future;
import java.util.logging.Logger;

/**
 * An instance's transitions on this host: keepalived's log line, then its notify scripts and
 * FIFO lines through its {@link NotifyDispatcher}; at a reload, keepalived's
 * {@code fifo_write_vrrp_states_on_reload} FIFO line for an instance the reload kept.
 */
final class NotifyingTransitions implements TransitionSink {
  private static final Logger LOG = Logger.getLogger("io.vertalived.vrrp");
  private final NotifyDispatcher notifies;
  private final boolean fifoOnReload;

  NotifyingTransitions(NotifyDispatcher notifies, boolean fifoOnReload) {
    this.notifies = notifies;
    this.fifoOnReload = fifoOnReload;
  }

  NotifyDispatcher notifies() {
    return notifies;
  }

  @Override
  public Future<?> transition(VrrpInstance vi, VrrpState from, VrrpState to, int priority, String reason) {
    LOG.info("(" + vi.name() + ") Entering " + to + " STATE (" + reason + ")");
    notifies.use(vi.name(), vi.notifyScripts());
    return notifies.transition(to, priority);
  }

  @Override
  public void memberOf(java.util.function.Supplier<VrrpState> groupState) {
    notifies.memberOf(groupState);
  }

  @Override
  public void keptAtReload(VrrpInstance vi, VrrpState state, int priority) {
    if (fifoOnReload) {
      notifies.use(vi.name(), vi.notifyScripts());
      notifies.fifoOnly(state, priority);
    }
  }
}
