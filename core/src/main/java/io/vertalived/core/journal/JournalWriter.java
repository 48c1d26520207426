package io.vertalived.core.journal;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.BusAddress;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.List;
import java.util.logging.Logger;

/**
 * Appends the events of this process that must not be missed to the journal: it listens on the
 * streams with local consumers, which hear only what this process publishes, so that each event
 * is appended once, by the process that produced it, on an event loop (never on the VRRP thread
 * or a checker's hot path).
 */
public final class JournalWriter extends VerticleBase {
  private static final Logger LOG = Logger.getLogger("io.vertalived.journal");
  /** The streams journaled. */
  public static final List<BusAddress<?, Void>> STREAMS = List.of(Addresses.VRRP_TRANSITION,
      Addresses.REAL_SERVER_STATE, Addresses.CONFIG_RELOADED, Addresses.DELIVERY_PARKED, Addresses.VRRP_ALERT,
      Addresses.LVS_QUORUM, Addresses.LVS_CHANGE);

  @Override
  public Future<?> start() {
    EventJournal journal = Journals.of(vertx);
    return Future.all(STREAMS.stream().map(a -> vertx.eventBus().localConsumer(a.address(), m -> {
      if (m.body() instanceof Record r) {
        journal.append(r).onFailure(e -> LOG.warning("cannot journal a " + r.getClass().getSimpleName() + ": "
            + e.getMessage()));
      }
    }).completion()).toList());
  }
}
