package io.vertalived.checker.health;

import io.netty.channel.EventLoopGroup;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.VertxThreadFactory;
import io.vertx.core.spi.transport.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The probe shards' own event loops: one thread each, of Vert.x's transport (epoll where it
 * loads), apart from the Vert.x event loops that carry the event bus's connections, the
 * instance's heartbeats and its answers. A shard offered more checks than it can run falls
 * behind on its own loop only: its backlog of due checks never queues in front of a heartbeat
 * or a message to another node (it did, and starved instances were counted dead for moments).
 */
final class ProbeShardLoops {
  private final VertxInternal vertx;
  private final EventLoopGroup loops;
  private final List<ContextInternal> contexts = new ArrayList<>();
  private final List<ProbeShard> shards = new ArrayList<>();

  ProbeShardLoops(Vertx vertx, int count) {
    VertxInternal vi = (VertxInternal) vertx;
    this.vertx = vi;
    AtomicInteger n = new AtomicInteger();
    this.loops = vi.transport().eventLoopGroup(Transport.IO_EVENT_LOOP_GROUP, count,
        r -> VertxThreadFactory.INSTANCE.newVertxThread(r, "vertalived-probe-shard-" + n.getAndIncrement(), false,
            2, TimeUnit.SECONDS), 50);
    for (int i = 0; i < count; i++) {
      contexts.add(vi.contextBuilder().withEventLoop(loops.next()).build());
    }
  }

  /** Starts {@code shards} (one per loop, in order) on their loops. */
  Future<?> deploy(List<ProbeShard> all) {
    List<Future<?>> started = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      ProbeShard shard = all.get(i);
      ContextInternal c = contexts.get(i % contexts.size());
      shards.add(shard);
      started.add(onContext(c, () -> shard.deploy(c)));
    }
    return Future.all(started);
  }

  /** Stops the shards on their loops, then ends the loops. */
  Future<?> close() {
    List<Future<?>> stopped = new ArrayList<>();
    for (int i = 0; i < shards.size(); i++) {
      ProbeShard shard = shards.get(i);
      ContextInternal c = contexts.get(i % contexts.size());
      stopped.add(onContext(c, () -> shard.undeploy(c)));
    }
    ContextInternal caller = vertx.getOrCreateContext();
    return Future.join(stopped).eventually(() -> {
      Promise<Void> ended = caller.promise();
      loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).addListener(f -> ended.tryComplete());
      return ended.future();
    });
  }

  private interface Step {
    Future<?> run() throws Exception;
  }

  /** Runs {@code step} on {@code c}; the future completes on the caller's context. */
  private Future<Void> onContext(ContextInternal c, Step step) {
    Promise<Void> done = vertx.getOrCreateContext().promise();
    c.runOnContext(v -> {
      try {
        step.run().onComplete(ar -> {
          if (ar.succeeded()) {
            done.tryComplete();
          } else {
            done.tryFail(ar.cause());
          }
        });
      } catch (Exception e) {
        done.tryFail(e);
      }
    });
    return done.future();
  }
}
