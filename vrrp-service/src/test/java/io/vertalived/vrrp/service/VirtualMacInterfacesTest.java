package io.vertalived.vrrp.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertalived.core.config.model.VrrpInstance;
import io.vertalived.core.net.rtnl.VmacLink;
import java.net.InetAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An IPv6 instance's VMAC as keepalived makes it: its MAC, its link-local address, where its adverts and source are. */
class VirtualMacInterfacesTest {
  @TempDir
  Path dir;

  private VrrpInstance ipv6(String extra) throws Exception {
    return InstanceRunnerTest.config(dir, InstanceRunnerTest.instance("VI_6", 61, 100, extra, "2001:2::100/64"))
        .vrrpInstances().get(0);
  }

  @Test
  void theVirtualRouterMacOfEachFamily() {
    // RFC 5798 7.3: 00-00-5E-00-01-{VRID} for IPv4, 00-00-5E-00-02-{VRID} for IPv6
    assertEquals("00:00:5e:00:01:3d", VmacLink.macText(VmacLink.virtualRouterMac(61, false)));
    assertEquals("00:00:5e:00:02:3d", VmacLink.macText(VmacLink.virtualRouterMac(61, true)));
    assertEquals("00:00:5e:00:02:ff", VmacLink.macText(VmacLink.virtualRouterMac(255, true)));
  }

  @Test
  void aLinkLocalAddressMadeFromTheBaseInterfacesMacIsModifiedEui64() throws Exception {
    // RFC 4291 appendix A: the universal/local bit inverted, ff:fe in the middle
    assertEquals(InetAddress.getByName("fe80::5054:ff:fe12:3456"),
        VirtualMacInterfaces.fromMac(new byte[] {0x52, 0x54, 0x00, 0x12, 0x34, 0x56}));
    assertArrayEquals(InetAddress.getByName("fe80::200:5eff:fe00:23d").getAddress(),
        VirtualMacInterfaces.fromMac(VmacLink.virtualRouterMac(61, true)).getAddress());
  }

  @Test
  void anIpv6InstanceSpeaksFromItsVmacUnlessUnicastOrXmitBase() throws Exception {
    VrrpInstance multicast = ipv6(" use_vmac\n");
    assertEquals("vrrp.61", InstanceNetwork.sourceInterface(multicast));
    VrrpInstance xmitBase = ipv6(" use_vmac\n vmac_xmit_base\n");
    assertEquals("eth0", InstanceNetwork.sourceInterface(xmitBase));
    VrrpInstance unicast = ipv6(" use_vmac\n unicast_src_ip 2001:2::1\n unicast_peer {\n  2001:2::2\n }\n");
    assertEquals("eth0", InstanceNetwork.sourceInterface(unicast));
    assertEquals("eth0", InstanceNetwork.sourceInterface(ipv6("")));
    // an IPv4 VMAC has no address of its own: the source is the base interface's
    VrrpInstance v4 = InstanceRunnerTest.config(dir, InstanceRunnerTest.instance("VI_1", 51, 100, " use_vmac\n",
        "198.18.0.100/32")).vrrpInstances().get(0);
    assertEquals("eth0", InstanceNetwork.sourceInterface(v4));
    assertEquals(true, InstanceNetwork.speaksOnVmac(v4));
  }
}
