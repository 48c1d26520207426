package io.vertalived.vrrp.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.config.ConfigLoader;
import io.vertalived.core.config.keywords.HostFacts;
import io.vertalived.core.config.model.VrrpInstance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which instances need the no-accept firewall, and what reaches the kernel's drop set when. */
class AcceptModeFirewallTest {
  /** Records every call as text; {@code failSetUp} makes the set-up fail as without nf_tables. */
  private static final class RecordedRules implements AcceptModeFirewall.Rules {
    final List<String> calls = new ArrayList<>();
    boolean failSetUp;

    @Override
    public void setUp(boolean ipv6) throws IOException {
      calls.add("setUp" + (ipv6 ? " ip6" : ""));
      if (failSetUp) {
        throw new IOException("socket(AF_NETLINK): Protocol not supported (errno 93)");
      }
    }

    @Override
    public void update(boolean ipv6, boolean drop, List<AcceptModeFirewall.Firewalled> addresses) {
      calls.add((drop ? "drop " : "accept ") + addresses.stream()
          .map(f -> f.address().getHostAddress() + (f.ifindex() != 0 ? "%" + f.ifindex() : "")).toList());
    }

    @Override
    public void tearDown() {
      calls.add("tearDown");
    }
  }

  private static AcceptModeFirewall.Firewalled ip(String s) throws Exception {
    return new AcceptModeFirewall.Firewalled(InetAddress.getByName(s), 0);
  }

  private static AcceptModeFirewall.Firewalled linkLocal(String s, int ifindex) throws Exception {
    return new AcceptModeFirewall.Firewalled(InetAddress.getByName(s), ifindex);
  }

  @Test
  void anAddressLeavesTheDropSetWithTheLastMasterHoldingIt() throws Exception {
    RecordedRules rules = new RecordedRules();
    AcceptModeFirewall fw = new AcceptModeFirewall(rules, "test");
    fw.setUp(true, false);
    fw.drop("VI_1", List.of(ip("198.18.0.100"), ip("198.18.0.101")));
    fw.drop("VI_2", List.of(ip("198.18.0.101"), ip("198.18.0.102")));
    fw.accept("VI_1", List.of(ip("198.18.0.100"), ip("198.18.0.101")));
    fw.accept("VI_1", List.of(ip("198.18.0.100"))); // a second BACKUP entry: nothing left to remove
    fw.accept("VI_2", List.of(ip("198.18.0.101"), ip("198.18.0.102")));
    fw.tearDown();
    assertEquals(List.of("setUp", "drop [198.18.0.100, 198.18.0.101]", "drop [198.18.0.102]",
        "accept [198.18.0.100]", "accept [198.18.0.101, 198.18.0.102]", "tearDown"), rules.calls);
  }

  @Test
  void withoutAFirewallNothingIsTriedAfterTheFailedSetUp() throws Exception {
    RecordedRules rules = new RecordedRules();
    rules.failSetUp = true;
    AcceptModeFirewall fw = new AcceptModeFirewall(rules, "test");
    fw.setUp(true, false);
    fw.drop("VI_1", List.of(ip("198.18.0.100")));
    fw.accept("VI_1", List.of(ip("198.18.0.100")));
    fw.tearDown();
    assertEquals(List.of("setUp"), rules.calls);
  }

  @Test
  void eachFamilyGoesToItsOwnTableMadeWhenFirstNeeded() throws Exception {
    RecordedRules rules = new RecordedRules();
    AcceptModeFirewall fw = new AcceptModeFirewall(rules, "test");
    fw.setUp(true, false);
    // an IPv6 VIP before the ip6 table is there (a reload adds it): sent when the table is made
    fw.drop("VI_6", List.of(ip("2001:2::100")));
    fw.setUp(true, true);
    fw.setUp(true, true); // both there: nothing again
    // fe80::1 on two links is two VIPs
    fw.drop("VI_7", List.of(ip("198.18.0.100"), linkLocal("fe80::1", 3), ip("2001:2::101")));
    fw.drop("VI_8", List.of(linkLocal("fe80::1", 4)));
    fw.accept("VI_7", List.of(ip("198.18.0.100"), linkLocal("fe80::1", 3), ip("2001:2::101")));
    assertEquals(List.of("setUp", "setUp ip6", "drop [2001:2:0:0:0:0:0:100]", "drop [198.18.0.100]", "drop [fe80:0:0:0:0:0:0:1%3, 2001:2:0:0:0:0:0:101]",
        "drop [fe80:0:0:0:0:0:0:1%4]", "accept [198.18.0.100]", "accept [fe80:0:0:0:0:0:0:1%3, 2001:2:0:0:0:0:0:101]"),
        rules.calls);
  }

  @TempDir
  Path dir;

  private VrrpInstance instance(String globals, String options) throws IOException {
    Path conf = dir.resolve("keepalived.conf");
    Files.writeString(conf, "global_defs {\n" + globals + "\n}\nvrrp_instance VI_1 {\n interface eth0\n"
        + " virtual_router_id 51\n" + options + "\n virtual_ipaddress {\n  198.18.0.100\n }\n}\n");
    var r = ConfigLoader.load(conf, new ConfigLoader.Options("n1", false, HostFacts.fixed(Set.of("eth0"), Set.of(), "n1")));
    return r.config().vrrpInstances().get(0);
  }

  @Test
  void strictModeNeedsItUnlessAddressOwnerOrAcceptAsKeepalived() throws IOException {
    assertTrue(AcceptModeFirewall.needs(instance(" vrrp_strict", " priority 100")), "strict: no_accept by default");
    assertFalse(AcceptModeFirewall.needs(instance(" vrrp_strict", " priority 255")), "the address owner accepts");
    assertFalse(AcceptModeFirewall.needs(instance("", " priority 100")), "not strict: accept by default");
    assertTrue(AcceptModeFirewall.needs(instance("", " priority 100\n no_accept")), "explicit no_accept");
    assertFalse(AcceptModeFirewall.needs(instance(" vrrp_strict\n vrrp_version 3", " priority 100\n accept")),
        "strict v3 with accept");
  }
}
