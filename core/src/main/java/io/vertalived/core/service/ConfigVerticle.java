package io.vertalived.core.service;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.ConfigReloaded;
import io.vertalived.core.bus.Sequencer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Instant;
import java.util.List;

/**
 * Holds the running configuration of this node: publishes {@link ConfigReloaded} when it
 * starts and answers {@link Addresses#CONFIG_CURRENT} so that late services get the picture.
 */
public final class ConfigVerticle extends VerticleBase {
  private final Sequencer sequence = new Sequencer();
  private final ServiceContext context;
  private final List<String> files;
  private final List<String> problems;
  private ConfigReloaded current;

  public ConfigVerticle(ServiceContext context, List<String> files, List<String> problems) {
    this.context = context;
    this.files = List.copyOf(files);
    this.problems = List.copyOf(problems);
  }

  @Override
  public Future<?> start() {
    current = new ConfigReloaded(context.node(), sequence.next(), Instant.now(), files, true,
        context.config().vrrpInstances().size(), context.config().virtualServers().size(), problems);
    return vertx.eventBus().<Object>consumer(Addresses.CONFIG_CURRENT, msg -> msg.reply(current))
        .completion()
        .onSuccess(v -> vertx.eventBus().publish(Addresses.CONFIG_RELOADED, current));
  }
}
