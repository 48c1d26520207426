package io.vertalived.core.journal;

import io.vertalived.core.cluster.ClusterMembers;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.WeakHashMap;

/** The journal of a process: the cluster's when clustered, else one in memory per Vert.x. */
public final class Journals {
  private static final Map<Vertx, EventJournal> OF = new WeakHashMap<>();

  private Journals() {}

  public static EventJournal of(Vertx vertx) {
    synchronized (OF) {
      return OF.computeIfAbsent(vertx, v -> {
        var hz = ClusterMembers.hazelcast(v);
        return hz != null ? new HazelcastJournal(v, hz) : new MemoryJournal(JournalSettings.capacity(System.getenv()));
      });
    }
  }
}
