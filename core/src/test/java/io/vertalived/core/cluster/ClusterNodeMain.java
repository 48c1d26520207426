package io.vertalived.core.cluster;

import io.vertalived.core.bus.ConfigReloaded;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One JVM of the two-JVM cluster test. {@code responder}: answers {@code test.ping} with a
 * {@link ConfigReloaded} naming this node, then waits to be killed. {@code requester}: asks
 * until a responder answers, prints {@code PONG <node>} and exits 0.
 */
public final class ClusterNodeMain {
  private ClusterNodeMain() {}

  public static void main(String[] args) {
    String role = args[0];
    ClusterSettings s = ClusterSettings.fromEnvironment(Map.of())
        .withName(args[1]).withPort(Integer.parseInt(args[2]))
        .withMembers(List.of("127.0.0.1:" + args[2], "127.0.0.1:" + (Integer.parseInt(args[2]) + 1)));
    ClusterBootstrap.startClustered(s).onFailure(e -> {
      System.out.println("FAILED " + e);
      System.exit(3);
    }).onSuccess(vertx -> {
      if (role.equals("responder")) {
        vertx.eventBus().consumer("test.ping", m -> m.reply(new ConfigReloaded("responder-node", "boot-1", 1,
            Instant.now(), List.of(), true, 0, 0, List.of(), "start", List.of()))).completion()
            .onSuccess(v -> System.out.println("READY"));
      } else {
        ask(vertx, 0);
      }
    });
  }

  private static void ask(Vertx vertx, int attempt) {
    vertx.eventBus().<ConfigReloaded>request("test.ping", "ping").onSuccess(reply -> {
      System.out.println("PONG " + reply.body().node());
      System.out.flush();
      vertx.close().onComplete(v -> System.exit(0));
    }).onFailure(e -> {
      if (attempt > 100) {
        System.out.println("NO REPLY " + e);
        System.exit(4);
      }
      vertx.setTimer(200, t -> ask(vertx, attempt + 1));
    });
  }
}
