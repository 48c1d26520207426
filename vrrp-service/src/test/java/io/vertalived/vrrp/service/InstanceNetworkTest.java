package io.vertalived.vrrp.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertalived.core.config.model.VrrpInstance;
import io.vertalived.vrrp.service.InstanceNetwork.Assigned;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The advert source when none is configured: the interface's own address, never a VIP. */
class InstanceNetworkTest {
  @TempDir
  Path dir;

  private static Assigned at(String address, int prefix) throws Exception {
    return new Assigned(InetAddress.getByName(address), prefix);
  }

  @Test
  void aVipLeftByACrashedPredecessorIsNeverTheSource() throws Exception {
    VrrpInstance vi = InstanceRunnerTest.config(dir, InstanceRunnerTest.instance("VI_1", 51, 100, "",
        "198.18.200.250/24", "198.18.201.254/32")).vrrpInstances().get(0);
    // the JDK lists the newest first: the leftover VIP before the interface's own address
    assertEquals(InetAddress.getByName("198.18.200.2"), InstanceNetwork.ownAddress(vi,
        List.of(at("fe80::1", 64), at("198.18.200.250", 24), at("198.18.200.2", 24))));
    // another instance's VIP (a host address) only when the interface has nothing else
    assertEquals(InetAddress.getByName("198.18.200.2"), InstanceNetwork.ownAddress(vi,
        List.of(at("198.18.200.99", 32), at("198.18.200.2", 24))));
    assertEquals(InetAddress.getByName("198.18.200.99"), InstanceNetwork.ownAddress(vi,
        List.of(at("198.18.200.250", 24), at("198.18.200.99", 32))));
    assertNull(InstanceNetwork.ownAddress(vi, List.of(at("198.18.200.250", 24), at("fe80::1", 64))));
  }

  @Test
  void noInstancesVipIsTheSourceNotEvenAnotherInstancesNetworkVip() throws Exception {
    var instances = InstanceRunnerTest.config(dir, InstanceRunnerTest.instance("VI_1", 51, 100, "", "198.18.200.250/32")
        + InstanceRunnerTest.instance("VI_2", 52, 100, "", "198.18.201.1/24")).vrrpInstances();
    // VI_2's /24 VIP, held by its MASTER, is not VI_1's source (keepalived skips every instance's VIPs)
    assertEquals(InetAddress.getByName("198.18.200.2"), InstanceNetwork.ownAddress(InstanceNetwork.vips(instances),
        List.of(at("198.18.201.1", 24), at("198.18.200.2", 24))));
    assertNull(InstanceNetwork.ownAddress(InstanceNetwork.vips(instances), List.of(at("198.18.201.1", 24))));
  }

  @Test
  void anIpv6AddressInDuplicateAddressDetectionIsNotASourceYet() throws Exception {
    String ifInet6 = """
        00000000000000000000000000000001 01 80 10 80       lo
        fe800000000000000000000000000002 04 40 20 c0     eth0
        fe800000000000000000000000000003 04 40 20 80     eth0
        20010002000000000000000000000002 04 40 00 c8     eth0
        fe800000000000000000000000000004 05 40 20 c0     eth1
        """;
    // tentative (0x40) and DAD failed (0x08) on eth0; eth1's and a permanent one (0x80) are not
    assertEquals(java.util.Set.of(InetAddress.getByName("fe80::2"), InetAddress.getByName("2001:2::2")),
        InstanceNetwork.unusable(ifInet6, "eth0"));
    assertEquals(java.util.Set.of(), InstanceNetwork.unusable("garbage\n", "eth0"));
  }
}
