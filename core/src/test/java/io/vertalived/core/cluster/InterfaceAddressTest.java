package io.vertalived.core.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** --cluster-interface as an address, or as a network this host has an address in. */
class InterfaceAddressTest {
  @Test
  void anAddressIsTakenAsGivenAndANetworkPicksTheHostsAddressInIt() throws Exception {
    assertEquals("198.18.100.7", InterfaceAddress.resolve("198.18.100.7"));
    List<InetAddress> local = List.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1"),
        InetAddress.getByName("198.18.100.23"), InetAddress.getByName("198.18.101.5"));
    assertEquals("198.18.100.23", InterfaceAddress.pick("198.18.100.0/24", local));
    assertEquals("198.18.101.5", InterfaceAddress.pick("198.18.101.0/24", local));
    assertEquals("198.18.100.23", InterfaceAddress.pick("198.18.0.0/15", local));
    assertEquals("127.0.0.1", InterfaceAddress.resolve("127.0.0.0/8"), "this host's loopback");
  }

  @Test
  void aVirtualAddressOfTheNodeIsNeverTheClustersAddress() throws Exception {
    // a VIP left on eth0 by a crashed predecessor comes first: VRRP removes it at start
    List<InetAddress> local = List.of(InetAddress.getByName("198.18.200.250"), InetAddress.getByName("198.18.200.2"));
    assertEquals("198.18.200.2", InterfaceAddress.pick("198.18.200.0/24", local, Set.of("198.18.200.250")));
    assertEquals("no address of this host is in 198.18.200.0/24 (--cluster-interface) but its VRRP virtual "
        + "addresses, which move between hosts", assertThrows(IllegalArgumentException.class,
            () -> InterfaceAddress.pick("198.18.200.0/24", local.subList(0, 1), Set.of("198.18.200.250"))).getMessage());
    // VIPs elsewhere change nothing in what is said
    assertEquals("no address of this host is in 198.18.201.0/24 (--cluster-interface)", assertThrows(
        IllegalArgumentException.class, () -> InterfaceAddress.pick("198.18.201.0/24", local, Set.of("198.18.200.250")))
        .getMessage());
  }

  @Test
  void aNetworkWithoutAnAddressOfThisHostOrNotANetworkIsRefusedByName() throws Exception {
    List<InetAddress> local = List.of(InetAddress.getByName("127.0.0.1"));
    assertEquals("no address of this host is in 198.18.100.0/24 (--cluster-interface)",
        assertThrows(IllegalArgumentException.class, () -> InterfaceAddress.pick("198.18.100.0/24", local)).getMessage());
    assertEquals("--cluster-interface takes an IPv4 address or network such as 198.18.100.0/24, not 'lan/24'",
        assertThrows(IllegalArgumentException.class, () -> InterfaceAddress.pick("lan/24", local)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> InterfaceAddress.pick("198.18.100.0/33", local));
  }
}
