package io.vertalived.ipvs.desired;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertalived.ipvs.Configs;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** ha_suspend: the checks of a virtual server run while its address (a group's: any of them) is on this host. */
class HaSuspendTest {
  private static final String CONF = """
      virtual_server_group WEB {
        198.18.1.10-20 80
      }
      virtual_server 198.18.0.1 80 {
        protocol TCP
        ha_suspend
        real_server 198.18.0.2 80 { }
      }
      virtual_server group WEB {
        protocol TCP
        ha_suspend
        real_server 198.18.0.3 80 { }
      }
      virtual_server 198.18.0.5 80 {
        protocol TCP
        real_server 198.18.0.6 80 { }
      }
      virtual_server fwmark 9 {
        ha_suspend
        real_server 198.18.0.7 80 { }
      }
      """;

  @Test
  void activeWhileTheAddressIsHere() throws Exception {
    var c = Configs.parse(CONF);
    assertEquals(List.of(
        new HaSuspend.Verdict("[198.18.0.1]:tcp:80", false, "198.18.0.1 is not on this host"),
        new HaSuspend.Verdict("GROUP WEB", false, "no address of group WEB is on this host")),
        HaSuspend.of(c, Set.of(InetAddress.getByName("198.18.0.5"), InetAddress.getByName("198.18.1.9"))),
        "198.18.1.9 is just below the group's range; the fwmark server's ha_suspend was cleared by -t's rules");
    assertEquals(List.of(
        new HaSuspend.Verdict("[198.18.0.1]:tcp:80", true, "198.18.0.1 is on this host"),
        new HaSuspend.Verdict("GROUP WEB", true, "an address of group WEB is on this host")),
        HaSuspend.of(c, Set.of(InetAddress.getByName("198.18.0.1"), InetAddress.getByName("198.18.1.20"))));
  }
}
