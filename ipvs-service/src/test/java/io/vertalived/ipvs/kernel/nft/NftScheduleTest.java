package io.vertalived.ipvs.kernel.nft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.ipvs.Tables;
import io.vertalived.ipvs.table.ForwardMethod;
import io.vertalived.ipvs.table.LvsDestination;
import io.vertalived.ipvs.table.LvsService;
import io.vertalived.ipvs.table.LvsVirtualService;
import io.vertalived.ipvs.table.ServiceKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NftScheduleTest {
  private static LvsVirtualService vs(String sched, int flags, int netmask, LvsDestination... d) {
    LvsVirtualService v = Tables.svc(Tables.WEB, sched, d);
    return new LvsVirtualService(new LvsService(Tables.WEB, sched, flags, flags != 0 ? 300 : 0, netmask, null),
        v.destinations());
  }

  private static List<String> names(NftSchedule s) {
    return s.slots().stream().map(d -> d.address().toString()).toList();
  }

  @Test
  void weightedRoundRobinInterleavesSlotsByReducedWeight() throws Exception {
    NftSchedule s = NftSchedule.of(vs("wrr", 0, -1, Tables.dest("198.18.0.2", 2), Tables.dest("198.18.0.3", 4),
        Tables.dest("198.18.0.4", 0)));
    assertEquals(NftSchedule.Selector.COUNTER, s.selector());
    assertEquals(List.of("198.18.0.3", "198.18.0.2", "198.18.0.3"), names(s), "weights 2:4 are 1:2; weight 0 out");
  }

  @Test
  void roundRobinGivesEveryLiveServerOneSlot() throws Exception {
    NftSchedule s = NftSchedule.of(vs("rr", 0, -1, Tables.dest("198.18.0.2", 5), Tables.dest("198.18.0.3", 1)));
    assertEquals(List.of("198.18.0.2", "198.18.0.3"), names(s));
  }

  @Test
  void hugeWeightsAreScaledToTheSlotLimitKeepingEveryServer() throws Exception {
    NftSchedule s = NftSchedule.of(vs("wrr", 0, -1, Tables.dest("198.18.0.2", 100_000),
        Tables.dest("198.18.0.3", 1), Tables.dest("198.18.0.4", 99_999)));
    assertTrue(s.slots().size() <= NftSchedule.MAX_SLOTS, "" + s.slots().size());
    assertEquals(1, s.slots().stream().filter(d -> d.address().toString().equals("198.18.0.3")).count());
  }

  @Test
  void sourceHashingAndPersistenceHashTheClientAddressUnderTheGranularity() throws Exception {
    assertEquals(NftSchedule.Selector.SOURCE_HASH, NftSchedule.of(vs("sh", 0, -1, Tables.dest("198.18.0.2", 1))).selector());
    assertEquals(NftSchedule.Selector.SOURCE_PORT_HASH,
        NftSchedule.of(vs("mh", LvsService.F_SCHED2, -1, Tables.dest("198.18.0.2", 1))).selector());
    NftSchedule p = NftSchedule.of(vs("wrr", LvsService.F_PERSISTENT, 0xffffff00, Tables.dest("198.18.0.2", 1)));
    assertEquals(NftSchedule.Selector.SOURCE_HASH, p.selector());
    assertEquals(0xffffff00, p.sourceMask());
  }

  @Test
  void whatNftablesCannotDoIsRefusedWithTheReason() {
    var lc = assertThrows(NftSchedule.Unsupported.class, () -> NftSchedule.of(vs("lc", 0, -1,
        Tables.dest("198.18.0.2", 1))));
    assertTrue(lc.getMessage().contains("cannot schedule by lc"), lc.getMessage());
    LvsVirtualService dr = new LvsVirtualService(new LvsService(Tables.WEB, "rr", 0, 0, -1, null),
        Map.of("198.18.0.2:80", new LvsDestination(Tables.ip("198.18.0.2"), 80, ForwardMethod.DR, 1, 0, 0)));
    var e = assertThrows(NftSchedule.Unsupported.class, () -> NftSchedule.of(dr));
    assertTrue(e.getMessage().contains("NAT only") && e.getMessage().contains("DR"), e.getMessage());
    LvsVirtualService v6 = Tables.svc(ServiceKey.ofAddress("TCP", Tables.ip("2001:db8::1"), 80), "rr");
    assertTrue(assertThrows(NftSchedule.Unsupported.class, () -> NftSchedule.of(v6)).getMessage().contains("IPv4"));
  }

  @Test
  void dispatchKeysHoldEachPartInARegisterOfItsOwn() {
    assertEquals("06000000c612000100500000", java.util.HexFormat.of().formatHex(NftLvsRules.serviceKey(Tables.WEB)));
    assertEquals("vs-tcp-198.18.0.1-80", NftLvsRules.chain(Tables.WEB));
    assertEquals("vs-fwm-7", NftLvsRules.chain(ServiceKey.ofFwmark(7, false)));
  }
}
