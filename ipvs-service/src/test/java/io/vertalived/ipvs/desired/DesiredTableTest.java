package io.vertalived.ipvs.desired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.bus.RealServerState;
import io.vertalived.core.config.model.KeepalivedConfig;
import io.vertalived.core.config.model.VirtualServer;
import io.vertalived.ipvs.Configs;
import io.vertalived.ipvs.table.ForwardMethod;
import io.vertalived.ipvs.table.LvsDestination;
import io.vertalived.ipvs.table.LvsService;
import io.vertalived.ipvs.table.LvsTable;
import io.vertalived.ipvs.table.LvsVirtualService;
import io.vertalived.ipvs.table.ServiceKey;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DesiredTableTest {
  private static LvsTable table(KeepalivedConfig c, HealthBoard h) {
    QuorumBoard q = new QuorumBoard();
    q.configure(c, h);
    return DesiredTable.of(c, h, q::up);
  }

  private static LvsVirtualService only(LvsTable t) {
    assertEquals(1, t.services().size(), t.toString());
    return t.services().values().iterator().next();
  }

  private static RealServerState state(String vs, String rs, boolean alive, int weight) {
    return new RealServerState("n1", "b", 0, Instant.EPOCH, vs, rs, alive, weight, alive ? "up" : "down");
  }

  @Test
  void tunnelRealServersTakeTheVirtualServersTunnelUnlessTheyHaveTheirOwn() {
    KeepalivedConfig c = Configs.parse("""
        virtual_server 198.18.0.1 80 {
          protocol TCP
          lb_algo rr
          lb_kind TUN type gue port 6080 remcsum
          real_server 198.18.0.2 80 { }
          real_server 198.18.0.3 80 {
            lvs_method TUN type gre csum
          }
          real_server 198.18.0.4 80 {
            lvs_method TUN
          }
          real_server 198.18.0.5 80 {
            lvs_method DR
          }
        }
        """);
    var dests = only(table(c, new HealthBoard())).destinations();
    assertEquals(new io.vertalived.core.config.model.Tunnel("gue", 6080, "remcsum"),
        dests.get("198.18.0.2:80").tunnel(), "inherited from lb_kind");
    assertEquals(new io.vertalived.core.config.model.Tunnel("gre", 0, "csum"), dests.get("198.18.0.3:80").tunnel());
    assertEquals(io.vertalived.core.config.model.Tunnel.IPIP, dests.get("198.18.0.4:80").tunnel(),
        "its own TUN without options: ipip");
    assertEquals(null, dests.get("198.18.0.5:80").tunnel(), "DR has no tunnel");
  }

  @Test
  void everyServiceSettingReachesTheKernelEntry() {
    KeepalivedConfig c = Configs.parse("""
        virtual_server 198.18.0.1 53 {
          lb_algo sh
          lb_kind DR
          protocol UDP
          ops
          sh-port
          sh-fallback
          persistence_timeout 120
          persistence_granularity 255.255.255.0
          real_server 198.18.0.2 53 {
            weight 3
            uthreshold 100
            lthreshold 10
          }
        }
        """);
    LvsVirtualService s = only(table(c, new HealthBoard()));
    assertEquals(new LvsService(new ServiceKey(ServiceKey.AF_INET, ServiceKey.UDP,
            c.virtualServers().get(0).address(), 53, 0), "sh",
            LvsService.F_ONEPACKET | LvsService.F_SCHED1 | LvsService.F_SCHED2 | LvsService.F_PERSISTENT, 120, 0xffffff00,
            null), s.service());
    LvsDestination d = s.destinations().get("198.18.0.2:53");
    assertEquals(ForwardMethod.DR, d.method());
    assertEquals(3, d.weight());
    assertEquals(100, d.upperThreshold());
    assertEquals(10, d.lowerThreshold());
  }

  @Test
  void keepalivedsDefaultsApply() {
    KeepalivedConfig c = Configs.parse("""
        virtual_server 198.18.0.1 80 {
          real_server 198.18.0.2 8080 { }
        }
        """);
    LvsVirtualService s = only(table(c, new HealthBoard()));
    assertEquals("wlc", s.service().scheduler());
    assertEquals(ServiceKey.UDP, s.service().key().protocol(), "keepalived's default protocol");
    assertEquals(0, s.service().flags());
    assertEquals(0xffffffff, s.service().netmask());
    LvsDestination d = s.destinations().get("198.18.0.2:8080");
    assertEquals(ForwardMethod.NAT, d.method());
    assertEquals(1, d.weight());
  }

  @Test
  void aDeadRealServerLeavesOrStaysWithWeightZeroUnderInhibit() {
    KeepalivedConfig c = Configs.parse("""
        virtual_server 198.18.0.1 80 {
          protocol TCP
          real_server 198.18.0.2 80 { weight 2 }
          real_server 198.18.0.3 80 { inhibit_on_failure }
          real_server 198.18.0.4 80 { }
        }
        """);
    String vs = c.virtualServers().get(0).label();
    HealthBoard h = new HealthBoard();
    h.report(state(vs, "198.18.0.2:80", false, 0));
    h.report(state(vs, "198.18.0.3:80", false, 0));
    h.report(state(vs, "198.18.0.4:80", true, 5));
    LvsVirtualService s = only(table(c, h));
    assertNull(s.destinations().get("198.18.0.2:80"));
    assertEquals(0, s.destinations().get("198.18.0.3:80").weight());
    assertEquals(5, s.destinations().get("198.18.0.4:80").weight(), "the checker's (misc_dynamic) weight");
  }

  @Test
  void alphaRealServersStartOutUntilAReportSaysAlive() {
    KeepalivedConfig c = Configs.parse("""
        virtual_server 198.18.0.1 80 {
          protocol TCP
          alpha
          real_server 198.18.0.2 80 { TCP_CHECK { } }
        }
        """);
    HealthBoard h = new HealthBoard();
    assertTrue(only(table(c, h)).destinations().isEmpty());
    h.report(state(c.virtualServers().get(0).label(), "198.18.0.2:80", true, 1));
    assertEquals(1, only(table(c, h)).destinations().size());
  }

  @Test
  void theSorryServerReplacesTheRealServersWhileQuorumIsLost() {
    KeepalivedConfig c = Configs.parse("""
        virtual_server 198.18.0.1 80 {
          protocol TCP
          quorum 2
          sorry_server 198.18.0.9 8080
          real_server 198.18.0.2 80 { }
          real_server 198.18.0.3 80 { inhibit_on_failure }
        }
        """);
    VirtualServer vs = c.virtualServers().get(0);
    HealthBoard h = new HealthBoard();
    QuorumBoard q = new QuorumBoard();
    q.configure(c, h);
    assertEquals(List.of("198.18.0.2:80", "198.18.0.3:80"),
        List.copyOf(DesiredTable.of(c, h, q::up).services().values().iterator().next().destinations().keySet()));
    h.report(state(vs.label(), "198.18.0.2:80", false, 0));
    QuorumBoard.QuorumChange lost = q.update(vs, h);
    assertFalse(lost.change().up());
    assertEquals("Lost quorum 2-0=2 > 1 for VS [198.18.0.1]:tcp:80", lost.logLine());
    LvsVirtualService s = only(DesiredTable.of(c, h, q::up));
    assertEquals(1, s.destinations().get("198.18.0.9:8080").weight(), "NAT keeps its port; the sorry server is in");
    assertEquals(0, s.destinations().get("198.18.0.3:80").weight(), "alive but inhibited while the sorry server serves");
    assertNull(s.destinations().get("198.18.0.2:80"));
    h.report(state(vs.label(), "198.18.0.2:80", true, 1));
    assertTrue(q.update(vs, h).change().up());
    s = only(DesiredTable.of(c, h, q::up));
    assertEquals(List.of("198.18.0.2:80", "198.18.0.3:80"), List.copyOf(s.destinations().keySet()));
  }

  @Test
  void sorryServerInhibitKeepsItInWithWeightZero() {
    KeepalivedConfig c = Configs.parse("""
        virtual_server 198.18.0.1 80 {
          protocol TCP
          lb_kind DR
          sorry_server 198.18.0.9 8080
          sorry_server_inhibit
          real_server 198.18.0.2 80 { }
        }
        """);
    LvsVirtualService s = only(table(c, new HealthBoard()));
    assertEquals(0, s.destinations().get("198.18.0.9:80").weight(), "DR forces the virtual server's port");
    assertEquals(1, s.destinations().get("198.18.0.2:80").weight());
  }

  @Test
  void firewallMarksAndGroupsExpandToTheirKernelServices() {
    KeepalivedConfig c = Configs.parse("""
        virtual_server_group WEB {
          198.18.0.10-12 80
          198.18.1.0/31 443
          fwmark 9
        }
        virtual_server group WEB {
          protocol TCP
          lb_kind DR
          real_server 198.18.0.2 80 { }
        }
        virtual_server fwmark 5 {
          real_server 198.18.0.3 80 { }
        }
        """);
    LvsTable t = table(c, new HealthBoard());
    assertEquals(List.of("TCP  198.18.0.10:80", "TCP  198.18.0.11:80", "TCP  198.18.0.12:80",
        "TCP  198.18.1.0:443", "TCP  198.18.1.1:443", "FWM  5", "FWM  9"), t.sorted().stream().map(s -> s.service().key().toString()).toList());
    assertEquals(0, t.services().get(ServiceKey.ofFwmark(5, false)).destinations().values().iterator().next().port(),
        "firewall mark services have no real server port");
  }

  @Test
  void aVirtualServerWithoutRealServersIsIgnored() {
    KeepalivedConfig c = Configs.parse("""
        virtual_server 198.18.0.1 80 {
          protocol TCP
        }
        """);
    assertTrue(table(c, new HealthBoard()).services().isEmpty());
  }

  @Test
  void ipv6ServicesCarryAPrefixLengthAsTheirNetmask() {
    KeepalivedConfig c = Configs.parse("""
        virtual_server 2001:db8::1 80 {
          protocol TCP
          persistence_timeout
          persistence_granularity 64
          real_server 2001:db8::2 80 { }
        }
        """);
    LvsService s = only(table(c, new HealthBoard())).service();
    assertEquals(ServiceKey.AF_INET6, s.key().family());
    assertEquals(64, s.netmask());
    assertEquals(360, s.timeout(), "a bare persistence_timeout is 360 s");
  }
}
