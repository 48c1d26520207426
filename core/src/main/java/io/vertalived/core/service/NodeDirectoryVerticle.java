package io.vertalived.core.service;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.Bus;
import io.vertalived.core.bus.BusStreams;
import io.vertalived.core.bus.NodeAnnouncement;
import io.vertalived.core.bus.NodeDirectory;
import io.vertalived.core.bus.NodeInfo;
import io.vertalived.core.bus.Sequencer;
import io.vertalived.core.cluster.ClusterMembers;
import io.vertalived.core.cluster.ClusterNodeMap;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Instant;
import java.util.List;

/**
 * This process's entry in the node directory ({@link Addresses#NODE_DIRECTORY}): in a cluster the
 * members' map ({@link ClusterNodeMap}); alone, just this process (and no Hazelcast class loaded).
 * Announces the process on {@link Addresses#NODE_ANNOUNCE} when it starts and stops; the oldest
 * member announces the ones that were lost.
 */
public final class NodeDirectoryVerticle extends VerticleBase {
  private final NodeInfo self;
  private ClusterNodeMap cluster;
  private Sequencer announcements;

  public NodeDirectoryVerticle(NodeInfo self) {
    this.self = self;
  }

  @Override
  public Future<?> start() {
    announcements = BusStreams.of(vertx).sequencer(Addresses.NODE_ANNOUNCE);
    Bus.answer(vertx, Addresses.NODE_DIRECTORY, q -> directory());
    var hazelcast = ClusterMembers.hazelcast(vertx);
    if (hazelcast == null) {
      announce("joined", self);
      return Future.succeededFuture();
    }
    cluster = new ClusterNodeMap(hazelcast, context, self);
    return cluster.join(lost -> announce("lost", lost)).onSuccess(v -> announce("joined", self));
  }

  private Future<NodeDirectory> directory() {
    return cluster == null ? Future.succeededFuture(new NodeDirectory(List.of(self))) : cluster.directory();
  }

  private void announce(String change, NodeInfo info) {
    Bus.publish(vertx, Addresses.NODE_ANNOUNCE, new NodeAnnouncement(self.node(), announcements.boot(),
        announcements.next(), Instant.now(), change, info));
  }

  @Override
  public Future<?> stop() {
    announce("left", self);
    return cluster == null ? Future.succeededFuture() : cluster.leave();
  }
}
