package io.vertalived.core.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.Bus;
import io.vertalived.core.bus.BusStreams;
import io.vertalived.core.bus.EmptyQuery;
import io.vertalived.core.bus.NodeAnnouncement;
import io.vertalived.core.bus.NodeDirectory;
import io.vertalived.core.bus.NodeInfo;
import io.vertalived.core.service.NodeDirectoryVerticle;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The node directory of a cluster of two processes (two clustered Vert.x in this JVM, each a
 * Hazelcast member): each lists both, with their member ids; the one that stops announces it
 * and leaves the directory.
 */
class NodeDirectoryClusterTest {
  private static NodeInfo info(Vertx vertx, String node) {
    return new NodeInfo(node, ClusterMembers.localMember(vertx), BusStreams.of(vertx).boot(), List.of("checker"),
        "test", Addresses.CONTRACT_VERSION, Instant.now(), "host", ProcessHandle.current().pid());
  }

  /** Member {@code index} (0 or 1) of a cluster of two on 127.0.0.1 ports {@code port} and {@code port + 1}. */
  private static Vertx member(String prefix, int port, int index) throws Exception {
    List<String> members = List.of("127.0.0.1:" + port, "127.0.0.1:" + (port + 1));
    return ClusterBootstrap.startClustered(new ClusterSettings(prefix + ProcessHandle.current().pid(), members,
        "127.0.0.1", port + index, 0)).await(60, TimeUnit.SECONDS);
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long until = System.nanoTime() + 20_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  private static NodeDirectory directory(Vertx vertx) {
    try {
      return Bus.request(vertx, Addresses.NODE_DIRECTORY, EmptyQuery.INSTANCE, 5_000).await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      return new NodeDirectory(List.of());
    }
  }

  @Test
  void bothProcessesAreListedAndOneThatStopsLeaves() throws Exception {
    int port = 17100 + (int) (ProcessHandle.current().pid() % 400) * 4;
    Vertx a = member("vtl-dir-", port, 0);
    Vertx b = null;
    try {
      b = member("vtl-dir-", port, 1);
      List<NodeAnnouncement> heard = new CopyOnWriteArrayList<>();
      Bus.consume(a, Addresses.NODE_ANNOUNCE, heard::add).completion().await(10, TimeUnit.SECONDS);
      NodeInfo ia = info(a, "lb1");
      NodeInfo ib = info(b, "lb2");
      assertNotEquals(ia.member(), ib.member());
      assertNotEquals(ClusterMembers.LOCAL, ia.member());
      a.deployVerticle(new NodeDirectoryVerticle(ia)).await(10, TimeUnit.SECONDS);
      String deployment = b.deployVerticle(new NodeDirectoryVerticle(ib)).await(10, TimeUnit.SECONDS);
      Vertx bb = b;
      await("both processes in the directory, asked from either", () -> directory(a).nodes().size() == 2
          && directory(bb).nodes().size() == 2);
      NodeDirectory d = directory(a);
      assertEquals(List.of("lb1", "lb2"), d.nodes().stream().map(NodeInfo::node).toList());
      assertEquals(ib.member(), d.nodes().get(1).member());
      await("lb2 announced joining", () -> heard.stream().anyMatch(x -> x.change().equals("joined")
          && x.info().node().equals("lb2")));
      b.undeploy(deployment).await(10, TimeUnit.SECONDS);
      await("lb2 left the directory", () -> directory(a).nodes().stream().map(NodeInfo::node).toList().equals(List.of("lb1")));
      await("lb2 announced leaving", () -> heard.stream().anyMatch(x -> x.change().equals("left")
          && x.info().node().equals("lb2")));
      assertTrue(heard.stream().allMatch(x -> x.boot() != null && x.sequence() > 0));
    } finally {
      if (b != null) {
        b.close().await(30, TimeUnit.SECONDS);
      }
      a.close().await(30, TimeUnit.SECONDS);
    }
  }

  /** A member that dies (its Hazelcast terminated, no goodbye) is taken out and announced lost by the oldest, once. */
  @Test
  void aMemberThatDiesIsAnnouncedLostByTheOldest() throws Exception {
    int port = 17100 + (int) (ProcessHandle.current().pid() % 400) * 4 + 2;
    Vertx a = member("vtl-dir-lost-", port, 0);
    Vertx b = null;
    try {
      b = member("vtl-dir-lost-", port, 1);
      List<NodeAnnouncement> heard = new CopyOnWriteArrayList<>();
      Bus.consume(a, Addresses.NODE_ANNOUNCE, heard::add).completion().await(10, TimeUnit.SECONDS);
      a.deployVerticle(new NodeDirectoryVerticle(info(a, "lb1"))).await(10, TimeUnit.SECONDS);
      b.deployVerticle(new NodeDirectoryVerticle(info(b, "lb2"))).await(10, TimeUnit.SECONDS);
      await("both processes in the directory", () -> directory(a).nodes().size() == 2);
      ClusterMembers.hazelcast(b).getLifecycleService().terminate();
      await("lb2 announced lost", () -> heard.stream().anyMatch(x -> x.change().equals("lost")
          && x.info().node().equals("lb2")));
      await("lb2 out of the directory", () -> directory(a).nodes().stream().map(NodeInfo::node).toList()
          .equals(List.of("lb1")));
      assertEquals(1, heard.stream().filter(x -> x.change().equals("lost")).count(), heard.toString());
      assertTrue(heard.stream().noneMatch(x -> x.change().equals("left")), "it did not leave: " + heard);
    } finally {
      if (b != null) {
        b.close().otherwiseEmpty().await(30, TimeUnit.SECONDS);
      }
      a.close().await(30, TimeUnit.SECONDS);
    }
  }
}
