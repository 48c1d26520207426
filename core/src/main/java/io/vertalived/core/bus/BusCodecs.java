package io.vertalived.core.bus;

import io.vertx.core.Vertx;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Registers the codecs of every body and reply record of the contract; once per Vert.x, in every JVM. */
public final class BusCodecs {
  private BusCodecs() {}

  /** Every record type a contract address carries, as body or reply. */
  public static final List<Class<? extends Record>> MESSAGE_TYPES = messageTypes();

  /**
   * The first landed build sent these types under codec names without a version
   * ({@code vertalived.VrrpTransition}); they are decoded under those names too.
   */
  static final List<Class<? extends Record>> FIRST_BUILD_TYPES = List.of(
      VrrpTransition.class, InstanceStatus.class, CheckResult.class, RealServerState.class,
      ConfigReloaded.class, TrackResult.class, InstanceStats.class);

  @SuppressWarnings("unchecked")
  private static List<Class<? extends Record>> messageTypes() {
    Set<Class<? extends Record>> types = new LinkedHashSet<>();
    for (BusAddress<?, ?> a : Addresses.ALL) {
      types.add((Class<? extends Record>) a.body());
      if (a.reply() != Void.class) {
        types.add((Class<? extends Record>) a.reply());
      }
    }
    return List.copyOf(types);
  }

  public static void register(Vertx vertx) {
    for (Class<? extends Record> type : MESSAGE_TYPES) {
      registerOne(vertx, type);
    }
    for (Class<? extends Record> type : FIRST_BUILD_TYPES) {
      vertx.eventBus().registerCodec(new RecordCodec<>(type, "vertalived." + type.getSimpleName()));
    }
  }

  private static <T extends Record> void registerOne(Vertx vertx, Class<T> type) {
    vertx.eventBus().registerDefaultCodec(type, new RecordCodec<>(type));
  }
}
