package io.vertalived.core.bus;

import io.vertx.core.Vertx;
import java.util.Map;
import java.util.UUID;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The published streams of one process (one Vert.x): its boot id, made at its start, and one
 * {@link Sequencer} per stream (an address, with its owner for a scoped one), shared by every
 * service of the process. A consumer keys what it has seen by (node, boot, stream): a new boot
 * is a restart, a gap in {@code sequence} within one boot is a lost event.
 */
public final class BusStreams {
  private static final Map<Vertx, BusStreams> OF = new WeakHashMap<>();
  private final String boot = UUID.randomUUID().toString();
  private final Map<String, Sequencer> streams = new ConcurrentHashMap<>();

  private BusStreams() {}

  /** The streams of {@code vertx}'s process. */
  public static BusStreams of(Vertx vertx) {
    synchronized (OF) {
      return OF.computeIfAbsent(vertx, v -> new BusStreams());
    }
  }

  /** This process's boot id. */
  public String boot() {
    return boot;
  }

  /** The numbering of a cluster-wide stream. */
  public Sequencer sequencer(BusAddress<?, Void> stream) {
    return streams.computeIfAbsent(stream.address(), a -> new Sequencer(boot));
  }

  /** The numbering of a scoped stream (e.g. one node's tracker results). */
  public Sequencer sequencer(BusAddress<?, Void> stream, String owner) {
    return streams.computeIfAbsent(stream.at(owner), a -> new Sequencer(boot));
  }
}
