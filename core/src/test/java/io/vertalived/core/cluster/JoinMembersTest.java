package io.vertalived.core.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JoinMembersTest {
  private static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  /** Docker's DNS as a container on the lab and servers networks sees it. */
  private final Map<String, InetAddress[]> dns = Map.of(
      "r1", new InetAddress[] {ip("198.18.100.2"), ip("198.18.101.2")},
      "checker", new InetAddress[] {ip("198.18.100.7"), ip("198.18.100.9"), ip("198.18.100.8")},
      "gateway", new InetAddress[] {ip("198.18.101.5")},
      "v6only", new InetAddress[] {ip("2001:db8::1")});
  private final List<String> warnings = new ArrayList<>();

  private List<String> expand(List<String> members, String iface) {
    return JoinMembers.expand(members, iface, name -> {
      InetAddress[] a = dns.get(name);
      if (a == null) {
        throw new UnknownHostException(name);
      }
      return a;
    }, warnings::add);
  }

  @Test
  void aServiceNameBecomesEveryReplicaInTheClusterNetwork() {
    assertEquals(List.of("198.18.100.2", "198.18.100.7", "198.18.100.9", "198.18.100.8"),
        expand(List.of("r1", "checker"), "198.18.100.0/24"));
    assertTrue(warnings.isEmpty());
  }

  @Test
  void portsStayWithTheirName() {
    assertEquals(List.of("198.18.100.7:5702", "198.18.100.9:5702", "198.18.100.8:5702"),
        expand(List.of("checker:5702"), "198.18.100.0/24"));
  }

  @Test
  void addressesRangesAndWildcardsPassUnchanged() {
    List<String> given = List.of("198.18.100.2-40", "198.18.100.3:5701", "198.18.100.*", "[2001:db8::1]:5701");
    assertEquals(given, expand(given, "198.18.100.0/24"));
  }

  @Test
  void withoutANetworkEveryAddressIsTakenAndANameOnlyOutsideIsStillTried() {
    assertEquals(List.of("198.18.100.2", "198.18.101.2"), expand(List.of("r1"), "198.18.100.2"));
    assertEquals(List.of("198.18.101.5"), expand(List.of("gateway"), "198.18.100.0/24"));
  }

  @Test
  void aNameThatDoesNotResolveIsSkippedWithAWarning() {
    assertEquals(List.of("198.18.100.2"), expand(List.of("notyet", "r1"), "198.18.100.0/24"));
    assertEquals(1, warnings.size());
    assertTrue(warnings.get(0).contains("'notyet' does not resolve"), warnings.get(0));
    assertEquals(List.of(), expand(List.of("v6only"), null));
    assertTrue(warnings.get(1).contains("no IPv4 address"), warnings.get(1));
  }

  @Test
  void duplicatesAreListedOnce() {
    assertEquals(List.of("198.18.100.2"), expand(List.of("r1", "198.18.100.2"), "198.18.100.0/24"));
  }

  @Test
  void namesAreToldFromAddresses() {
    assertTrue(JoinMembers.isName("checker"));
    assertTrue(JoinMembers.isName("node-1.example"));
    assertFalse(JoinMembers.isName("198.18.100.2-40"));
    assertFalse(JoinMembers.isName("10.0.*.*"));
    assertFalse(JoinMembers.isName("[::1]"));
  }
}
