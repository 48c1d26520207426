package io.vertalived.core.cluster;

import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/** Who this process is in the cluster, and the cluster's own structures (Hazelcast). */
public final class ClusterMembers {
  /** The member id of a process that is not clustered. */
  public static final String LOCAL = "local";

  private ClusterMembers() {}

  /**
   * This process's cluster member id: Hazelcast's member UUID (what the cluster's membership
   * events name; vertx-hazelcast's own node id is another one), or {@link #LOCAL}.
   */
  public static String localMember(Vertx vertx) {
    HazelcastInstance hz = hazelcast(vertx);
    if (hz != null) {
      return hz.getCluster().getLocalMember().getUuid().toString();
    }
    ClusterManager cm = vertx instanceof VertxInternal vi ? vi.clusterManager() : null;
    return cm == null ? LOCAL : cm.getNodeId();
  }

  /**
   * The Hazelcast instance under a clustered Vert.x, or null when it is not clustered (and then without loading a
   * Hazelcast class: a lone VRRP node's jar has none, VrrpNodeJar).
   */
  public static HazelcastInstance hazelcast(Vertx vertx) {
    ClusterManager cm = vertx instanceof VertxInternal vi ? vi.clusterManager() : null;
    if (cm == null) {
      return null;
    }
    return cm instanceof HazelcastClusterManager h ? h.getHazelcastInstance() : null;
  }
}
