package io.vertalived.core.service;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.Bus;
import io.vertalived.core.bus.ConfigReloaded;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * Holds the description of the configuration this process runs: answers
 * {@link Addresses#CONFIG_CURRENT} for this process, so that late services and tools get the
 * picture, and publishes every load and reload on {@link Addresses#CONFIG_RELOADED}.
 */
final class ConfigVerticle extends VerticleBase {
  private final String member;
  private volatile ConfigReloaded current;

  ConfigVerticle(String member, ConfigReloaded initial) {
    this.member = member;
    this.current = initial;
  }

  @Override
  public Future<?> start() {
    return Bus.answer(vertx, Addresses.CONFIG_CURRENT, member, q -> Future.succeededFuture(current))
        .completion()
        .onSuccess(v -> Bus.publish(vertx, Addresses.CONFIG_RELOADED, current));
  }

  /** A reload's outcome: published; the running description changes only when it was accepted. */
  void loaded(ConfigReloaded outcome) {
    if (outcome.accepted()) {
      current = outcome;
    }
    Bus.publish(vertx, Addresses.CONFIG_RELOADED, outcome);
  }
}
