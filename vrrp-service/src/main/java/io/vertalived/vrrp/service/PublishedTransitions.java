package io.vertalived.vrrp.service;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.Bus;
import io.vertalived.core.bus.Sequencer;
import io.vertalived.core.bus.VrrpTransition;
import io.vertalived.core.config.model.VrrpInstance;
import io.vertalived.vrrp.protocol.VrrpState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;

/**
 * Publishes each transition on {@link Addresses#VRRP_TRANSITION} (and each split-brain alert on
 * {@link Addresses#VRRP_ALERT}), then hands it to the host's sink.
 */
final class PublishedTransitions implements TransitionSink {
  private final Vertx vertx;
  private final String node;
  private final Sequencer sequence;
  private final Sequencer alerts;
  private final TransitionSink host;

  PublishedTransitions(Vertx vertx, String node, Sequencer sequence, Sequencer alerts, TransitionSink host) {
    this.vertx = vertx;
    this.node = node;
    this.sequence = sequence;
    this.alerts = alerts;
    this.host = host;
  }

  @Override
  public void alert(VrrpInstance vi, String kind, boolean active, String peer, String detail) {
    Bus.publish(vertx, Addresses.VRRP_ALERT, new io.vertalived.core.bus.VrrpAlert(node, alerts.boot(), alerts.next(),
        Instant.now(), vi.name(), kind, active, peer, detail));
    host.alert(vi, kind, active, peer, detail);
  }

  @Override
  public Future<?> transition(VrrpInstance vi, VrrpState from, VrrpState to, int priority, String reason) {
    Bus.publish(vertx, Addresses.VRRP_TRANSITION, new VrrpTransition(node, sequence.boot(), sequence.next(),
        Instant.now(), vi.name(), false, from.name(), to.name(), priority, reason));
    return host.transition(vi, from, to, priority, reason);
  }

  @Override
  public void memberOf(java.util.function.Supplier<VrrpState> groupState) {
    host.memberOf(groupState);
  }

  @Override
  public void keptAtReload(VrrpInstance vi, VrrpState state, int priority) {
    host.keptAtReload(vi, state, priority);
  }
}
