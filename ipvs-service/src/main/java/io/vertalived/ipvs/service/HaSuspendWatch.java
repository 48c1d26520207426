package io.vertalived.ipvs.service;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.Bus;
import io.vertalived.core.bus.LvsSuspension;
import io.vertalived.core.bus.Sequencer;
import io.vertalived.core.config.model.KeepalivedConfig;
import io.vertalived.core.net.NativeIoException;
import io.vertalived.core.net.rtnl.LocalAddresses;
import io.vertalived.core.net.rtnl.RtnlEvent;
import io.vertalived.core.net.rtnl.RtnlMonitor;
import io.vertalived.ipvs.desired.HaSuspend;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * {@code ha_suspend} on this director: reads the host's addresses (at start, at every IPv4 address change the kernel
 * announces, and at every resync, which also catches IPv6 ones) and says for each virtual server with ha_suspend
 * whether its checks run ({@link Addresses#LVS_SUSPENSION}): at each change, and again at every resync for the
 * checker instances that start later. Nothing is watched while no virtual server has ha_suspend.
 */
final class HaSuspendWatch {
  private static final Logger LOG = Logger.getLogger("io.vertalived.ipvs");

  private final Vertx vertx;
  private final Context context;
  private final String node;
  private final Sequencer sequencer;
  private KeepalivedConfig config;
  private RtnlMonitor monitor;
  private final Map<String, HaSuspend.Verdict> said = new HashMap<>();
  private boolean reading;
  private boolean readAgain;
  private boolean announceAgain;

  HaSuspendWatch(Vertx vertx, String node, Sequencer sequencer, KeepalivedConfig config) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.node = node;
    this.sequencer = sequencer;
    this.config = config;
  }

  Future<Void> start() {
    return watch();
  }

  Future<Void> reload(KeepalivedConfig next) {
    config = next;
    said.clear();
    return watch();
  }

  /** Reads the addresses again and says every verdict, changed or not. */
  void resync() {
    if (monitor != null || HaSuspend.any(config)) {
      read(true);
    }
  }

  void stop() {
    if (monitor != null) {
      monitor.close();
      monitor = null;
    }
  }

  private Future<Void> watch() {
    if (!HaSuspend.any(config)) {
      stop();
      return Future.succeededFuture();
    }
    if (monitor == null) {
      try {
        monitor = new RtnlMonitor(events -> {
          if (events.stream().anyMatch(e -> e instanceof RtnlEvent.Address)) {
            context.runOnContext(v -> read(false));
          }
        });
      } catch (NativeIoException e) {
        LOG.warning("ha_suspend: cannot follow this host's address changes (" + e.getMessage() + "); they are read"
            + " at every resync");
      }
    }
    return read(true);
  }

  /** One read at a time; a change announced meanwhile reads again once it is done. */
  private Future<Void> read(boolean announceAll) {
    if (reading) {
      readAgain = true;
      announceAgain |= announceAll;
      return Future.succeededFuture();
    }
    reading = true;
    return vertx.executeBlocking(LocalAddresses::dump, false)
        .map(local -> {
          say(HaSuspend.of(config, local), announceAll);
          return (Void) null;
        })
        .otherwise(e -> {
          LOG.warning("ha_suspend: cannot read this host's addresses: " + e.getMessage());
          return null;
        })
        .onComplete(x -> {
          reading = false;
          if (readAgain) {
            boolean all = announceAgain;
            readAgain = false;
            announceAgain = false;
            read(all);
          }
        });
  }

  private void say(List<HaSuspend.Verdict> verdicts, boolean all) {
    for (HaSuspend.Verdict v : verdicts) {
      HaSuspend.Verdict before = said.put(v.virtualServer(), v);
      boolean changed = before == null || before.active() != v.active();
      if (changed) {
        LOG.info((v.active() ? "Activating" : "Suspending") + " healthcheckers for VS " + v.virtualServer() + ": "
            + v.reason());
      }
      if (changed || all) {
        Bus.publish(vertx, Addresses.LVS_SUSPENSION, new LvsSuspension(node, sequencer.boot(), sequencer.next(),
            Instant.now(), v.virtualServer(), v.active(), v.reason()));
      }
    }
  }
}
