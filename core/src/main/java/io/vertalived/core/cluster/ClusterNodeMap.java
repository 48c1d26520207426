package io.vertalived.core.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.vertalived.core.bus.NodeDirectory;
import io.vertalived.core.bus.NodeInfo;
import io.vertalived.core.bus.RecordJson;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The node directory's cluster half: a Hazelcast map from member id to {@link NodeInfo}, read through the
 * cluster's live members, so that a member that died drops out as soon as Hazelcast drops it. Only a clustered
 * process makes one ({@code NodeDirectoryVerticle}): a process alone never loads a Hazelcast class (a lone VRRP
 * node runs from a jar without them, {@code VrrpNodeJar}).
 */
public final class ClusterNodeMap {
  static final String MAP = "vertalived.nodes";
  private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger("io.vertalived.cluster");
  private final HazelcastInstance hazelcast;
  private final Context context;
  private final NodeInfo self;
  private UUID listener;
  private volatile boolean leaving;

  public ClusterNodeMap(HazelcastInstance hazelcast, Context context, NodeInfo self) {
    this.hazelcast = hazelcast;
    this.context = context;
    this.self = self;
  }

  /**
   * Puts this process into the map; {@code lost} is told (on the context) of each member that Hazelcast dropped
   * whose entry this member, the oldest, took out of the map.
   */
  public Future<Void> join(Consumer<NodeInfo> lost) {
    listener = hazelcast.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent e) {
        // a newcomer announces itself
      }

      @Override
      public void memberRemoved(MembershipEvent e) {
        context.runOnContext(v -> {
          if (leaving) {
            return;
          }
          try {
            // members that die together can take an entry's primary and backups with them: each member
            // puts its own back
            reassert();
            removeLost(e.getMember(), lost);
          } catch (RuntimeException ex) {
            // Hazelcast shutting down under us
            LOG.fine("node directory: " + ex.getMessage());
          }
        });
      }
    });
    return Future.fromCompletionStage(map().setAsync(self.member(), RecordJson.encode(self).encode()), context)
        .mapEmpty();
  }

  private IMap<String, String> map() {
    return hazelcast.getMap(MAP);
  }

  private void reassert() {
    Future.fromCompletionStage(map().setAsync(self.member(), RecordJson.encode(self).encode()), context)
        .onFailure(e -> LOG.warning("cannot put this node back into the node directory: " + e.getMessage()));
  }

  /** The oldest member takes a member that was dropped out of the map and tells {@code lost}. */
  private void removeLost(Member gone, Consumer<NodeInfo> lost) {
    Set<Member> members = hazelcast.getCluster().getMembers();
    boolean oldest = !members.isEmpty() && members.iterator().next().localMember();
    if (!oldest) {
      return;
    }
    String id = gone.getUuid().toString();
    Future.fromCompletionStage(map().removeAsync(id), context).onSuccess(json -> {
      if (json != null) {
        NodeInfo info = RecordJson.decode(NodeInfo.class, new JsonObject(json));
        LOG.info("node " + info.node() + " (member " + id + ") was lost");
        lost.accept(info);
      }
    });
  }

  /** The live members' entries, by node name then start (a blocking read: on a worker). */
  public Future<NodeDirectory> directory() {
    return context.owner().executeBlocking(() -> {
      Set<String> live = hazelcast.getCluster().getMembers().stream().map(m -> m.getUuid().toString())
          .collect(Collectors.toSet());
      List<NodeInfo> nodes = new ArrayList<>();
      for (var e : map().getAll(live).entrySet()) {
        nodes.add(RecordJson.decode(NodeInfo.class, new JsonObject(e.getValue())));
      }
      nodes.sort(java.util.Comparator.comparing(NodeInfo::node).thenComparing(NodeInfo::startedAt));
      return new NodeDirectory(nodes);
    });
  }

  /** Takes this process out of the map. */
  public Future<Void> leave() {
    leaving = true;
    if (listener != null) {
      hazelcast.getCluster().removeMembershipListener(listener);
    }
    return Future.fromCompletionStage(map().removeAsync(self.member()), context).otherwiseEmpty().mapEmpty();
  }
}
