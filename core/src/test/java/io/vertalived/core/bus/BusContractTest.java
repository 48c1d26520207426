package io.vertalived.core.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bus contract: every address is described once and consistently, every body and reply
 * type round-trips through its wire codec, bodies of the previous contract version (as the
 * first landed build sent them, test resources bus/v1) decode with this build's records, a
 * newer version's unknown fields are ignored, and each stream is numbered on its own with the
 * process's boot id.
 */
class BusContractTest {
  private static final Instant T = Instant.parse("2026-11-22T10:00:00.123Z");
  /** The types the first landed contract did not have (no v1 body to read). */
  private static final Set<Class<?>> NEW_SINCE_VERSION_1 = Set.of(NodeDirectory.class,
      NodeAnnouncement.class, RealServerSnapshot.class, ReloadRequest.class, DeliveryParked.class,
      RealServerCommand.class, RealServerCommandOutcome.class, MetricsScrape.class, VrrpAlert.class,
      LvsQuorum.class, LvsChange.class, LvsSuspension.class);
  /**
   * Published among the checker instances (their placement, docs/checker-placement.md, and the
   * drains they keep), not events anybody numbers.
   */
  private static final Set<BusAddress<?, ?>> PLACEMENT = Set.of(Addresses.CHECKER_MEMBERS, Addresses.CHECKER_RETAINED,
      Addresses.REAL_SERVER_DRAINS);
  private Vertx vertx;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    BusCodecs.register(vertx);
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** A body of every type the contract carries, with every field set. */
  static Map<Class<?>, Record> samples() {
    CheckResult check = new CheckResult("n2", "b2", 1, T, "[198.18.0.1]:tcp:80/198.18.0.2:80/HTTP_GET#0",
        "[198.18.0.1]:tcp:80", "198.18.0.2:80", "HTTP_GET", false, "HTTP status 503 not in 200-299", 3.5, -1, "n2/1f3a");
    InstanceStatus status = new InstanceStatus("n1", T, "VI_1", "MASTER", 100, 90, 51, "eth0", "198.18.0.1",
        List.of("198.18.0.10/32"), false, "G1", "MASTER",
        List.of(new TrackerStatus("script", "chk_nginx", -20, false, "up", 0)));
    InstanceStats stats = new InstanceStats("n1", T, "VI_1", 10, 20, 1, 0, 0, 1, 0, 0, 0, 0, 2, 3, 0, 1);
    RealServerState rs = new RealServerState("n2", "b2", 2, T, "[198.18.0.1]:tcp:80", "198.18.0.2:80", true, 1,
        "all checkers up");
    TrackResult track = new TrackResult("n1", "b1", 3, T, "script", "chk_nginx", false, 0, "exit 1 (fall 3 reached)");
    NodeInfo node = new NodeInfo("n1", "6f1c0a2e-0000-4000-8000-000000000001", "b1", List.of("vrrp", "trackers"),
        "0.1.0", 2, T, "host-a", 4242);
    Map<Class<?>, Record> all = new LinkedHashMap<>();
    for (Record r : List.of(
        new VrrpTransition("n1", "b1", 7, T, "VI_1", false, "BACKUP", "MASTER", 100, "master down timer expired"),
        InstanceQuery.ALL, new InstanceStatusList(List.of(status)), new InstanceStatsList(List.of(stats)),
        new VrrpCommand("handover", "VI_1"), new VrrpCommandOutcome("VI_1", true, "VI_1 handed over to 198.18.0.2"),
        check, EmptyQuery.INSTANCE, new CheckState(List.of(check)), new CheckerHeartbeat("n2/1f3a", false),
        new RetainedResults("n2/1f3a", List.of(check)), new CheckerStatsQuery(true),
        new CheckerStats("n2/1f3a", 2, 100, 100, 5000, 3, 1, 5000, 0.12, 1.9, 4.2, Map.of("128", 4000L)),
        rs, new RealServerSnapshot(List.of(rs)), track, new TrackState(List.of(track)),
        new ConfigReloaded("n1", "b1", 1, T, List.of("/etc/keepalived/keepalived.conf"), true, 2, 1, List.of(),
            "SIGHUP", List.of("VI_2 added")),
        new ReloadRequest("command", true), new NodeDirectory(List.of(node)),
        new NodeAnnouncement("n1", "b1", 1, T, "joined", node),
        new DeliveryParked("n1", "b1", 4, T, "ops-hook", 42, false, 0, "HTTP 404 Not Found: refused for good"),
        new RealServerCommand("drain", "[198.18.0.1]:tcp:80", "198.18.0.2:80"),
        new RealServerCommandOutcome("check", rs, List.of(check), "1 check of 198.18.0.2:80 ran: alive"),
        new MetricsScrape("n1", "local", "up{node=\"n1\",member=\"local\"} 1\n"),
        new VrrpAlert("n1", "b1", 5, T, "VI_1", VrrpAlert.DUAL_MASTER, true, "198.18.0.1",
            "198.18.0.1 also advertises VRID 51 on eth0 while this router is MASTER"),
        new LvsQuorum("n1", "b1", 6, T, "[198.18.0.1]:tcp:80", false, 1, 2, "198.18.0.9 80",
            "Lost quorum 2-0=2 > 1 for VS [198.18.0.1]:tcp:80"),
        new LvsChange("n1", "b1", 7, T, "ipvs", "health",
            List.of("delete 198.18.0.2:80 from TCP  198.18.0.1:80"), List.of()),
        new LvsSuspension("n1", "b1", 8, T, "[198.18.0.1]:tcp:80", false, "198.18.0.1 is not on this host"))) {
      all.put(r.getClass(), r);
    }
    return all;
  }

  @Test
  void everyAddressIsDescribedOnceAndConsistently() {
    Set<String> seen = new HashSet<>();
    for (BusAddress<?, ?> a : Addresses.ALL) {
      assertTrue(seen.add(a.pattern()), "described twice: " + a.pattern());
      assertTrue(a.pattern().startsWith("vertalived."), a.pattern());
      assertFalse(a.description().isBlank(), a.pattern());
      assertTrue(Record.class.isAssignableFrom(a.body()), a.pattern() + " body is not a record");
      if (a.kind() == BusAddress.Kind.PUBLISH) {
        assertSame(Void.class, a.reply(), a.pattern());
        assertEquals(!PLACEMENT.contains(a), BusMessage.class.isAssignableFrom(a.body()),
            a.pattern() + ": a stream's events carry node, boot, sequence");
      } else {
        assertTrue(Record.class.isAssignableFrom(a.reply()), a.pattern() + " reply is not a record");
      }
      if (a.scope() == BusAddress.Scope.CLUSTER) {
        assertEquals(a.pattern(), a.address());
        assertThrows(IllegalStateException.class, () -> a.at("n1"));
      } else {
        assertEquals(a.pattern().replace(a.scope().placeholder(), "n1"), a.at("n1"));
        assertThrows(IllegalStateException.class, a::address);
      }
    }
  }

  @Test
  void everyBodyAndReplyTypeRoundTripsThroughItsWireCodec() {
    Map<Class<?>, Record> samples = samples();
    for (Class<? extends Record> type : BusCodecs.MESSAGE_TYPES) {
      Record r = samples.get(type);
      assertNotNull(r, "no sample of " + type.getSimpleName() + ": add one");
      roundTrip(r);
    }
    assertEquals(BusCodecs.MESSAGE_TYPES.size(), samples.size(), "a sample of a type no address carries");
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void roundTrip(Record r) {
    RecordCodec codec = new RecordCodec(r.getClass());
    assertEquals("vertalived.v1." + r.getClass().getSimpleName(), codec.name());
    Buffer wire = Buffer.buffer("prefix");
    codec.encodeToWire(wire, r);
    assertEquals(r, codec.decodeFromWire(6, wire));
    assertSame(r, codec.transform(r));
  }

  @Test
  void bodiesOfThePreviousVersionDecode() throws IOException {
    int read = 0;
    for (Class<? extends Record> type : BusCodecs.MESSAGE_TYPES) {
      JsonObject v1 = v1Body(type);
      if (v1 == null) {
        assertTrue(NEW_SINCE_VERSION_1.contains(type), "no version-1 body of " + type.getSimpleName());
        continue;
      }
      Record r = RecordJson.decode(type, v1);
      assertNotNull(r);
      read++;
      // what version 1 sent survives; what it did not have takes its zero value
      if (r instanceof BusMessage m) {
        assertNull(m.boot(), type.getSimpleName());
        assertEquals(v1.getLong("sequence"), m.sequence());
        assertEquals(Instant.parse(v1.getString("timestamp")), m.timestamp());
      }
    }
    assertEquals(BusCodecs.MESSAGE_TYPES.size() - NEW_SINCE_VERSION_1.size(), read);
    ConfigReloaded c = RecordJson.decode(ConfigReloaded.class, v1Body(ConfigReloaded.class));
    assertEquals(List.of(), c.changes());
    assertNull(c.trigger());
    InstanceStatusList s = RecordJson.decode(InstanceStatusList.class, v1Body(InstanceStatusList.class));
    assertEquals("198.18.0.10/32", s.instances().get(0).virtualIpAddresses().get(0));
    CheckerStats st = RecordJson.decode(CheckerStats.class, v1Body(CheckerStats.class));
    assertEquals(1000L, st.lagBuckets().get("2048"));
  }

  private static JsonObject v1Body(Class<?> type) throws IOException {
    try (InputStream in = BusContractTest.class.getResourceAsStream("/bus/v1/" + type.getSimpleName() + ".json")) {
      return in == null ? null : new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void aNewerVersionsUnknownFieldsAreIgnored() {
    for (Record r : samples().values()) {
      JsonObject o = RecordJson.encode(r).put("addedInVersion9", new JsonObject().put("x", 1)).put("zz", "later");
      assertEquals(r, RecordJson.decode(r.getClass(), o), r.getClass().getSimpleName());
    }
  }

  @Test
  void aMissingRequiredFieldOrAWrongTypeIsRejectedWithTheFieldNamed() {
    JsonObject o = RecordJson.encode(samples().get(VrrpTransition.class));
    o.remove("reason");
    var e = assertThrows(IllegalArgumentException.class, () -> RecordJson.decode(VrrpTransition.class, o));
    assertEquals("VrrpTransition: missing field 'reason'", e.getMessage());
    JsonObject bad = RecordJson.encode(samples().get(VrrpTransition.class)).put("priority", "high");
    var e2 = assertThrows(IllegalArgumentException.class, () -> RecordJson.decode(VrrpTransition.class, bad));
    assertEquals("VrrpTransition: field 'priority' has the wrong type (String)", e2.getMessage());
    JsonObject nested = RecordJson.encode(samples().get(CheckState.class));
    nested.getJsonArray("checks").getJsonObject(0).remove("checkId");
    var e3 = assertThrows(IllegalArgumentException.class, () -> RecordJson.decode(CheckState.class, nested));
    assertEquals("CheckState: field 'checks': CheckResult: missing field 'checkId'", e3.getMessage());
    JsonObject nullTime = RecordJson.encode(samples().get(VrrpTransition.class)).putNull("timestamp");
    assertEquals("VrrpTransition: field 'timestamp' has the wrong type (null)",
        assertThrows(IllegalArgumentException.class, () -> RecordJson.decode(VrrpTransition.class, nullTime)).getMessage());
    JsonObject huge = RecordJson.encode(samples().get(VrrpTransition.class)).put("priority", 1L << 40);
    assertThrows(IllegalArgumentException.class, () -> RecordJson.decode(VrrpTransition.class, huge), "an int out of range");
    JsonObject nullReason = RecordJson.encode(samples().get(VrrpTransition.class)).putNull("reason");
    assertEquals(null, RecordJson.decode(VrrpTransition.class, nullReason).reason(), "a text may be null");
  }

  @Test
  void aBodySentUnderTheFirstBuildsCodecNameIsDecoded() throws Exception {
    // the first landed build named its codecs without a version
    VrrpTransition t = (VrrpTransition) samples().get(VrrpTransition.class);
    RecordCodec<VrrpTransition> old = new RecordCodec<>(VrrpTransition.class, "vertalived.VrrpTransition");
    Buffer wire = Buffer.buffer();
    old.encodeToWire(wire, t);
    assertEquals(t, old.decodeFromWire(0, wire));
    java.util.concurrent.CompletableFuture<Object> got = new java.util.concurrent.CompletableFuture<>();
    vertx.eventBus().consumer("test.old", m -> got.complete(m.body())).completion().await(5, TimeUnit.SECONDS);
    vertx.eventBus().send("test.old", t, new io.vertx.core.eventbus.DeliveryOptions().setCodecName("vertalived.VrrpTransition"));
    assertEquals(t, got.get(5, TimeUnit.SECONDS));
  }

  @Test
  void typedRequestsDecodeJsonBodiesAndAnswerFailuresWithTheirCode() throws Exception {
    Bus.answer(vertx, Addresses.VRRP_STATUS, "n1", q -> {
      if ("VI_9".equals(q.instance())) {
        throw new BusFailure(BusFailure.NOT_FOUND, "no VRRP instance 'VI_9' on node n1");
      }
      return io.vertx.core.Future.succeededFuture(new InstanceStatusList(List.of()));
    }).completion().await(5, TimeUnit.SECONDS);
    assertEquals(List.of(), Bus.request(vertx, Addresses.VRRP_STATUS, "n1", InstanceQuery.ALL, 5_000)
        .await(5, TimeUnit.SECONDS).instances());
    // a tool sending JSON gets the same answer
    Object reply = vertx.eventBus().request(Addresses.VRRP_STATUS.at("n1"), new JsonObject()).await(5, TimeUnit.SECONDS).body();
    assertTrue(reply instanceof InstanceStatusList, String.valueOf(reply));
    ReplyException missing = assertThrows(ReplyException.class, () -> Bus.request(vertx, Addresses.VRRP_STATUS, "n1",
        new InstanceQuery("VI_9"), 5_000).await(5, TimeUnit.SECONDS));
    assertEquals(404, missing.failureCode());
    ReplyException bad = assertThrows(ReplyException.class, () -> vertx.eventBus()
        .request(Addresses.VRRP_STATUS.at("n1"), new JsonObject().put("instance", 5)).await(5, TimeUnit.SECONDS));
    assertEquals(400, bad.failureCode());
    assertEquals("InstanceQuery: field 'instance' has the wrong type (Integer)", bad.getMessage());
    ReplyException notJson = assertThrows(ReplyException.class, () -> vertx.eventBus()
        .request(Addresses.VRRP_STATUS.at("n1"), "VI_1").await(5, TimeUnit.SECONDS));
    assertEquals(400, notJson.failureCode());
    assertEquals("vertalived.vrrp.status.<node> takes InstanceQuery, not String", notJson.getMessage());
  }

  @Test
  void eachStreamIsNumberedOnItsOwnUnderTheProcesssBootId() {
    BusStreams streams = BusStreams.of(vertx);
    assertSame(streams, BusStreams.of(vertx));
    Sequencer transitions = streams.sequencer(Addresses.VRRP_TRANSITION);
    Sequencer results = streams.sequencer(Addresses.CHECK_RESULT);
    assertSame(transitions, streams.sequencer(Addresses.VRRP_TRANSITION));
    assertEquals(1, transitions.next());
    assertEquals(2, transitions.next());
    assertEquals(1, results.next(), "a status poll or another stream does not take the transitions' numbers");
    assertEquals(1, streams.sequencer(Addresses.TRACK_RESULT, "n1").next());
    assertEquals(1, streams.sequencer(Addresses.TRACK_RESULT, "n2").next());
    assertEquals(streams.boot(), transitions.boot());
    assertEquals(streams.boot(), results.boot());
    Vertx other = Vertx.vertx();
    try {
      assertNotEquals(streams.boot(), BusStreams.of(other).boot(), "another process (a restart) has another boot");
      assertEquals(1, BusStreams.of(other).sequencer(Addresses.VRRP_TRANSITION).next());
    } finally {
      other.close();
    }
  }
}
