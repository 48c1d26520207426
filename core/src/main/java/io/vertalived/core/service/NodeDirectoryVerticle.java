package io.vertalived.core.service;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.Bus;
import io.vertalived.core.bus.BusStreams;
import io.vertalived.core.bus.NodeAnnouncement;
import io.vertalived.core.bus.NodeDirectory;
import io.vertalived.core.bus.NodeInfo;
import io.vertalived.core.bus.RecordJson;
import io.vertalived.core.bus.Sequencer;
import io.vertalived.core.cluster.ClusterMembers;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * This process's entry in the node directory ({@link Addresses#NODE_DIRECTORY}): in a cluster a
 * Hazelcast map from member id to {@link NodeInfo}, read through the cluster's live members, so
 * that a member that died drops out as soon as Hazelcast drops it; alone, just this process.
 * Announces the process on {@link Addresses#NODE_ANNOUNCE} when it starts and stops; the oldest
 * member announces the ones that were lost.
 */
public final class NodeDirectoryVerticle extends VerticleBase {
  static final String MAP = "vertalived.nodes";
  private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger("io.vertalived.cluster");
  private final NodeInfo self;
  private HazelcastInstance hazelcast;
  private UUID listener;
  private Sequencer announcements;
  private volatile boolean stopping;

  public NodeDirectoryVerticle(NodeInfo self) {
    this.self = self;
  }

  @Override
  public Future<?> start() {
    announcements = BusStreams.of(vertx).sequencer(Addresses.NODE_ANNOUNCE);
    hazelcast = ClusterMembers.hazelcast(vertx);
    Bus.answer(vertx, Addresses.NODE_DIRECTORY, q -> directory());
    if (hazelcast == null) {
      announce("joined", self);
      return Future.succeededFuture();
    }
    IMap<String, String> map = hazelcast.getMap(MAP);
    listener = hazelcast.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent e) {
        // a newcomer announces itself
      }

      @Override
      public void memberRemoved(MembershipEvent e) {
        vertx.runOnContext(v -> {
          if (stopping) {
            return;
          }
          try {
            // members that die together can take an entry's primary and backups with them: each member
            // puts its own back
            reassert();
            lost(e.getMember());
          } catch (RuntimeException ex) {
            // Hazelcast shutting down under us
            LOG.fine("node directory: " + ex.getMessage());
          }
        });
      }
    });
    return Future.fromCompletionStage(map.setAsync(self.member(), RecordJson.encode(self).encode()), context)
        .onSuccess(v -> announce("joined", self));
  }

  private void reassert() {
    Future.fromCompletionStage(hazelcast.<String, String>getMap(MAP).setAsync(self.member(),
        RecordJson.encode(self).encode()), context)
        .onFailure(e -> LOG.warning("cannot put this node back into the node directory: " + e.getMessage()));
  }

  /** The oldest member announces a member that was dropped and takes it out of the map. */
  private void lost(Member gone) {
    Set<Member> members = hazelcast.getCluster().getMembers();
    boolean oldest = !members.isEmpty() && members.iterator().next().localMember();
    if (!oldest) {
      return;
    }
    IMap<String, String> map = hazelcast.getMap(MAP);
    String id = gone.getUuid().toString();
    Future.fromCompletionStage(map.removeAsync(id), context).onSuccess(json -> {
      if (json != null) {
        NodeInfo info = RecordJson.decode(NodeInfo.class, new JsonObject(json));
        LOG.info("node " + info.node() + " (member " + id + ") was lost");
        announce("lost", info);
      }
    });
  }

  private Future<NodeDirectory> directory() {
    if (hazelcast == null) {
      return Future.succeededFuture(new NodeDirectory(List.of(self)));
    }
    return vertx.executeBlocking(() -> {
      Set<String> live = hazelcast.getCluster().getMembers().stream().map(m -> m.getUuid().toString())
          .collect(Collectors.toSet());
      List<NodeInfo> nodes = new ArrayList<>();
      IMap<String, String> map = hazelcast.getMap(MAP);
      for (var e : map.getAll(live).entrySet()) {
        nodes.add(RecordJson.decode(NodeInfo.class, new JsonObject(e.getValue())));
      }
      nodes.sort(java.util.Comparator.comparing(NodeInfo::node).thenComparing(NodeInfo::startedAt));
      return new NodeDirectory(nodes);
    });
  }

  private void announce(String change, NodeInfo info) {
    Bus.publish(vertx, Addresses.NODE_ANNOUNCE, new NodeAnnouncement(self.node(), announcements.boot(),
        announcements.next(), Instant.now(), change, info));
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    announce("left", self);
    if (hazelcast == null) {
      return Future.succeededFuture();
    }
    if (listener != null) {
      hazelcast.getCluster().removeMembershipListener(listener);
    }
    return Future.fromCompletionStage(hazelcast.<String, String>getMap(MAP).removeAsync(self.member()), context)
        .otherwiseEmpty();
  }
}
