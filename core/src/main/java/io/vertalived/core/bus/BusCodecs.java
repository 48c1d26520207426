package io.vertalived.core.bus;

import io.vertx.core.Vertx;
import java.util.List;

/** Registers the codecs of every message record; call once per Vert.x in every JVM. */
public final class BusCodecs {
  private BusCodecs() {}

  public static final List<Class<? extends Record>> MESSAGE_TYPES = List.of(
      VrrpTransition.class, InstanceStatus.class, CheckResult.class, RealServerState.class,
      ConfigReloaded.class, TrackResult.class, InstanceStats.class);

  public static void register(Vertx vertx) {
    for (Class<? extends Record> type : MESSAGE_TYPES) {
      registerOne(vertx, type);
    }
  }

  private static <T extends Record> void registerOne(Vertx vertx, Class<T> type) {
    vertx.eventBus().registerDefaultCodec(type, new RecordCodec<>(type));
  }
}
