package io.vertalived.checker.track;

import io.vertalived.core.config.model.KeepalivedConfig;
import io.vertalived.core.service.RunningService;
import io.vertalived.core.service.ServiceContext;
import io.vertx.core.Future;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The running trackers of a node, one verticle per kind. A reload leaves a kind alone when the
 * definitions of its tracked objects did not change, and restarts it otherwise; the
 * {@link TrackBoard} publishes a tracker's result only when it differs from the last one, so a
 * restarted tracker that finds what it found before changes nothing on the bus (keepalived
 * carries script results over a reload to the same effect).
 */
final class RunningTrackers implements RunningService {
  /** One kind of tracker: its name, what of a configuration it runs on, and its verticle. */
  private record Kind(String name, Function<KeepalivedConfig, Object> definitions,
                      Function<KeepalivedConfig, Set<String>> tracked,
                      Function<ServiceContext, Deployable> verticle) {}

  private final Vertx vertx;
  private final TrackBoard board;
  private final List<Kind> kinds;
  private final Map<String, String> deployments = new LinkedHashMap<>();
  private KeepalivedConfig current;

  RunningTrackers(Vertx vertx, ServiceContext context) {
    this.vertx = vertx;
    this.board = new TrackBoard(vertx, context.node());
    board.open();
    this.kinds = List.of(
        new Kind("script", RunningTrackers::scripts, VrrpScriptTracker::trackedScripts,
            ctx -> new VrrpScriptTracker(ctx, board)),
        new Kind("file", c -> definitions(c.trackFiles(), TrackFileWatcher.trackedFiles(c)),
            TrackFileWatcher::trackedFiles, ctx -> new TrackFileWatcher(ctx.config(), board)),
        new Kind("process", c -> definitions(c.trackProcesses(), TrackProcessPoller.trackedProcesses(c)),
            TrackProcessPoller::trackedProcesses, ctx -> new TrackProcessPoller(ctx.config(), board, Path.of("/proc"))));
  }

  /** The tracked scripts' definitions and who they run as. */
  private static Object scripts(KeepalivedConfig c) {
    var g = c.global();
    return List.of(definitions(c.vrrpScripts(), VrrpScriptTracker.trackedScripts(c)),
        String.valueOf(g.scriptUser()), String.valueOf(g.scriptGroup()), g.enableScriptSecurity());
  }

  private static <V> Map<String, V> definitions(Map<String, V> all, Set<String> tracked) {
    Map<String, V> out = new LinkedHashMap<>();
    tracked.forEach(n -> out.put(n, all.get(n)));
    return out;
  }

  /** Starts, restarts or stops each kind for {@code next}; {@code before} null at start. */
  Future<List<String>> apply(KeepalivedConfig before, KeepalivedConfig next) {
    ServiceContext ctx = new ServiceContext(board.node(), null, next);
    List<String> changes = new ArrayList<>();
    Future<?> chain = Future.succeededFuture();
    for (Kind k : kinds) {
      boolean same = before != null && Objects.equals(k.definitions().apply(before), k.definitions().apply(next));
      if (same) {
        continue;
      }
      Set<String> tracked = k.tracked().apply(next);
      chain = chain.compose(v -> undeploy(k.name())).compose(v -> {
        board.keepOnly(k.name(), tracked);
        if (tracked.isEmpty()) {
          return Future.succeededFuture();
        }
        return vertx.deployVerticle(k.verticle().apply(ctx)).onSuccess(id -> deployments.put(k.name(), id));
      });
      if (before != null) {
        changes.add("track " + k.name() + "s " + (tracked.isEmpty() ? "stopped" : "restarted: " + tracked));
      }
    }
    return chain.map(v -> {
      current = next;
      return changes;
    });
  }

  private Future<Void> undeploy(String kind) {
    String id = deployments.remove(kind);
    return id == null ? Future.succeededFuture() : vertx.undeploy(id);
  }

  @Override
  public Future<List<String>> reload(ServiceContext next) {
    return apply(current, next.config());
  }

  @Override
  public Future<Void> stop() {
    Future<Void> chain = Future.succeededFuture();
    for (String kind : List.copyOf(deployments.keySet())) {
      chain = chain.compose(v -> undeploy(kind));
    }
    return chain.onComplete(ar -> board.close());
  }
}
