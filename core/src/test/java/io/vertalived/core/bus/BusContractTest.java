package io.vertalived.core.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Message records survive JSON and the wire codec; the local bus carries them as they are. */
@ExtendWith(VertxExtension.class)
class BusContractTest {
  private static final Instant T = Instant.parse("2026-11-22T10:00:00.123Z");

  static List<Record> samples() {
    return List.of(
        new VrrpTransition("n1", 7, T, "VI_1", false, "BACKUP", "MASTER", 100, "master down timer expired"),
        new InstanceStatus("n1", 8, T, "VI_1", "MASTER", 100, 90, 51, "eth0", "198.18.0.1", List.of("198.18.0.10/32"), false),
        new InstanceStats("n1", 9, T, "VI_1", 10, 20, 1, 0, 0, 1, 0, 0, 0, 0, 2, 3, 0, 1),
        new CheckResult("n2", 1, T, "198.18.0.1:80/198.18.0.2:80/HTTP_GET#0", "[198.18.0.1]:tcp:80",
            "198.18.0.2:80", "HTTP_GET", false, "HTTP status 503 not in 200-299", 3.5, -1, "n2/1f3a"),
        new RealServerState("n2", 2, T, "[198.18.0.1]:tcp:80", "198.18.0.2:80", true, 1, "all checkers up"),
        new ConfigReloaded("n1", 1, T, List.of("/etc/keepalived/keepalived.conf"), true, 2, 1, List.of()),
        new TrackResult("n1", 3, T, "script", "chk_nginx", false, 0, "exit 1 (fall 3 reached)"));
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void everyMessageTypeRoundTripsThroughTheWireCodec() {
    assertEquals(BusCodecs.MESSAGE_TYPES.size(), samples().size());
    for (Record r : samples()) {
      RecordCodec codec = new RecordCodec(r.getClass());
      Buffer wire = Buffer.buffer("prefix");
      codec.encodeToWire(wire, r);
      assertEquals(r, codec.decodeFromWire(6, wire));
      assertSame(r, codec.transform(r));
    }
  }

  @Test
  void jsonUsesComponentNamesAndIsoTimestamps() {
    JsonObject o = RecordJson.encode(samples().get(0));
    assertEquals("VI_1", o.getString("instance"));
    assertEquals("2026-11-22T10:00:00.123Z", o.getString("timestamp"));
    assertEquals(7L, o.getLong("sequence"));
  }

  @Test
  void malformedBodiesAreRejectedWithTheFieldNamed() {
    JsonObject o = RecordJson.encode(samples().get(0));
    o.remove("reason");
    var e = assertThrows(IllegalArgumentException.class, () -> RecordJson.decode(VrrpTransition.class, o));
    assertEquals("VrrpTransition: missing field 'reason'", e.getMessage());
    JsonObject bad = RecordJson.encode(samples().get(0)).put("priority", "high");
    var e2 = assertThrows(IllegalArgumentException.class, () -> RecordJson.decode(VrrpTransition.class, bad));
    assertTrue(e2.getMessage().contains("'priority'"), e2.getMessage());
  }

  @Test
  void publishedTransitionArrivesOnTheLocalBus(Vertx vertx, VertxTestContext ctx) {
    BusCodecs.register(vertx);
    VrrpTransition t = (VrrpTransition) samples().get(0);
    vertx.eventBus().<VrrpTransition>consumer(Addresses.VRRP_TRANSITION, m -> ctx.verify(() -> {
      assertSame(t, m.body());
      ctx.completeNow();
    })).completion().onSuccess(v -> vertx.eventBus().publish(Addresses.VRRP_TRANSITION, t));
  }

  @Test
  void sequenceNumbersIncrease() {
    Sequencer s = new Sequencer();
    assertEquals(1, s.next());
    assertEquals(2, s.next());
  }
}
