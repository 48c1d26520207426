package io.vertalived.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * VRRPv3 over IPv6 (RFC 5798) between ours and Debian's keepalived in namespaces (one segment, 2001:2::/64, the
 * IPv6 benchmarking prefix): election both ways, a takeover after a crash, the graceful hand-back of a stop, unicast
 * peers, and after
 * each a client reaching the VIP at the new master's MAC through its neighbour cache (a crashed master's kernel still
 * answers for the VIP: only the new master's unsolicited neighbour advertisement, with Override, moves the entry),
 * and the crashed master's kernel named as another holder of the VIP (duplicate VIP detection by neighbour
 * solicitation).
 */
class KeepalivedIpv6InteropIT {
  private static final String VIP = "2001:2::100";

  @TempDir
  Path dir;

  private static String conf(String routerId, int priority) {
    return """
        global_defs {
          router_id %s
        }
        vrrp_instance VI_6 {
          state BACKUP
          interface eth0
          virtual_router_id 61
          priority %d
          advert_int 1
          virtual_ipaddress {
            2001:2::100/64
          }
        }
        """.formatted(routerId, priority);
  }

  /** The instance with unicast peers: adverts from {@code self} to {@code peer} only (no ff02::12). */
  private static String unicastConf(String routerId, int priority, String self, String peer) {
    return conf(routerId, priority).replace("  advert_int 1\n", "  advert_int 1\n  unicast_src_ip " + self
        + "\n  unicast_peer {\n    " + peer + "\n  }\n");
  }

  /** Global addresses in the VIP's prefix, and every link-local address usable (DAD over) before a router starts. */
  private static void ipv6(Netns net) throws Exception {
    Netns.run("ip", "-n", net.a, "-6", "addr", "add", "2001:2::1/64", "dev", "eth0", "nodad");
    Netns.run("ip", "-n", net.b, "-6", "addr", "add", "2001:2::2/64", "dev", "eth0", "nodad");
    Netns.run("ip", "-n", net.client, "-6", "addr", "add", "2001:2::3/64", "dev", "eth0", "nodad");
    for (String ns : List.of(net.a, net.b, net.client)) {
      Netns.await(ns + "'s link-local address usable", 10_000, () -> {
        try {
          String out = ProcessResult.run(null, List.of("ip", "-n", ns, "-6", "addr", "show", "dev", "eth0", "scope", "link"))
              .output();
          return out.contains("fe80::") && !out.contains("tentative");
        } catch (Exception e) {
          return false;
        }
      });
    }
  }

  private Process keepalived(InteropLab lab, String ns, int priority, String name) throws Exception {
    Path conf = dir.resolve(name + ".conf");
    Files.writeString(conf, conf("k6", priority));
    return lab.start(List.of("ip", "netns", "exec", ns, "/usr/sbin/keepalived", "-n", "-l", "-P", "-f", conf.toString(),
        "-p", dir.resolve(name + ".pid").toString(), "-r", dir.resolve(name + "-vrrp.pid").toString()),
        dir.resolve(name + ".log"));
  }

  private Process ours(InteropLab lab, String ns, int priority, String name) throws Exception {
    Path conf = dir.resolve(name + ".conf");
    Files.writeString(conf, conf("ours6", priority));
    return lab.start(List.of("ip", "netns", "exec", ns, InteropLab.launcher(), "-P", "-f", conf.toString(),
        "-p", dir.resolve(name + ".pid").toString(), "--control-socket", dir.resolve(name + ".sock").toString()),
        dir.resolve(name + ".log"));
  }

  private String log(String name) {
    try {
      return Files.readString(dir.resolve(name + ".log"));
    } catch (java.io.IOException e) {
      return "(" + e.getMessage() + ")";
    }
  }

  private String logs() {
    return "--- ours\n" + log("ours") + "\n--- keepalived\n" + log("keepalived");
  }

  private static boolean has(Netns net, String ns) {
    try {
      return ProcessResult.run(null, List.of("ip", "-n", ns, "-6", "addr", "show", "dev", "eth0")).output()
          .contains(VIP + "/64");
    } catch (Exception e) {
      return false;
    }
  }

  /** The client's neighbour entry for the VIP after a ping: the MAC it reached. */
  private void clientReachesMacOf(Netns net, String ns) throws Exception {
    clientReaches(net, net.mac(ns), ns);
  }

  private void clientReaches(Netns net, String mac, String who) throws Exception {
    Netns.await(() -> "the client reaches " + VIP + " at " + mac + " (" + who + ")\n" + logs(), 10_000,
        () -> {
          try {
            return mac.equals(net.clientReaches(VIP));
          } catch (Exception e) {
            return false;
          }
        });
  }

  @Test
  void oursPreemptsKeepalivedThenHandsBackOnStopAndOnCrash() throws Exception {
    try (InteropLab lab = InteropLab.open("v6p")) {
      Netns net = lab.net;
      ipv6(net);
      keepalived(lab, net.a, 100, "keepalived");
      Netns.await(() -> "keepalived MASTER\n" + logs(), 15_000, () -> log("keepalived").contains("(VI_6) Entering MASTER STATE"));
      clientReachesMacOf(net, net.a);

      // ours, priority 150, preempts: the address moves, the client follows our neighbour advertisement
      Process ours = ours(lab, net.b, 150, "ours");
      Netns.await(() -> "ours MASTER\n" + logs(), 20_000, () -> log("ours").contains("(VI_6) Entering MASTER STATE"));
      Netns.await(() -> "the VIP only on ours\n" + logs(), 10_000, () -> has(net, net.b) && !has(net, net.a));
      clientReachesMacOf(net, net.b);
      assertFalse(log("keepalived").contains("invalid") || log("keepalived").contains("checksum"),
          "keepalived accepts our IPv6 adverts\n" + logs());
      // the VIP deleted behind our back while MASTER is added again, as keepalived does
      Netns.run("ip", "-n", net.b, "-6", "addr", "del", VIP + "/64", "dev", "eth0");
      Netns.await(() -> "the deleted VIP added again\n" + logs(), 5_000, () -> has(net, net.b));

      // a stop: priority 0 on the wire, keepalived takes over at once (its skew time, not three intervals)
      long stopped = System.nanoTime();
      Netns.run("kill", "-TERM", Long.toString(ours.pid()));
      assertTrue(ours.waitFor(15, TimeUnit.SECONDS), logs());
      Netns.await(() -> "keepalived MASTER after our stop\n" + logs(), 10_000, () -> has(net, net.a) && !has(net, net.b));
      long handBackMs = (System.nanoTime() - stopped) / 1_000_000;
      assertTrue(handBackMs < 2_500, "handed back in " + handBackMs + " ms (priority 0, not master down)\n" + logs());
      clientReachesMacOf(net, net.a);

      // ours again, then killed: its kernel keeps the VIP; keepalived's neighbour advertisement moves the client
      Process again = ours(lab, net.b, 150, "ours2");
      Netns.await(() -> "ours MASTER again\n" + log("ours2"), 20_000, () -> log("ours2").contains("(VI_6) Entering MASTER STATE"));
      clientReachesMacOf(net, net.b);
      again.descendants().forEach(ProcessHandle::destroyForcibly);
      again.destroyForcibly();
      again.waitFor(10, TimeUnit.SECONDS);
      Netns.await(() -> "keepalived MASTER after the crash\n" + logs(), 10_000, () -> has(net, net.a));
      clientReachesMacOf(net, net.a);
    }
  }

  @Test
  void unicastPeersBothWays() throws Exception {
    try (InteropLab lab = InteropLab.open("v6u")) {
      Netns net = lab.net;
      ipv6(net);
      Path k = dir.resolve("keepalived.conf");
      Files.writeString(k, unicastConf("k6", 150, "2001:2::1", "2001:2::2"));
      Process keepalived = lab.start(List.of("ip", "netns", "exec", net.a, "/usr/sbin/keepalived", "-n", "-l", "-P", "-f",
          k.toString(), "-p", dir.resolve("k.pid").toString(), "-r", dir.resolve("kv.pid").toString()),
          dir.resolve("keepalived.log"));
      Netns.await(() -> "keepalived MASTER\n" + logs(), 15_000, () -> log("keepalived").contains("(VI_6) Entering MASTER STATE"));
      Path o = dir.resolve("ours.conf");
      Files.writeString(o, unicastConf("ours6", 100, "2001:2::2", "2001:2::1"));
      lab.start(List.of("ip", "netns", "exec", net.b, InteropLab.launcher(), "-P", "-f", o.toString(),
          "-p", dir.resolve("ours.pid").toString(), "--control-socket", dir.resolve("ours.sock").toString()),
          dir.resolve("ours.log"));
      Netns.await(() -> "keepalived's unicast adverts accepted by ours\n" + logs(), 15_000, () -> received(dir.resolve("ours.sock")) >= 5);
      assertFalse(log("ours").contains("Entering MASTER STATE"), "ours stayed BACKUP\n" + logs());
      // keepalived stops: its priority-0 advert reaches ours by unicast, ours takes over at once
      Netns.run("kill", "-TERM", Long.toString(keepalived.pid()));
      Netns.await(() -> "ours MASTER after keepalived's stop\n" + logs(), 5_000, () -> log("ours").contains("(VI_6) Entering MASTER STATE"));
      clientReachesMacOf(net, net.b);
    }
  }

  /**
   * {@code use_vmac} over IPv6, as keepalived sets it up: the VMAC has the virtual router MAC 00:00:5e:00:02:3d (RFC
   * 5798 7.3) and eth0's link-local address (no DAD), ours preempts keepalived from it (keepalived hears the adverts
   * and stays BACKUP), the client reaches the VIP at the virtual MAC, and ours' stop hands back at once. No multicast
   * listener report leaves with the virtual MAC (they go out of eth0 with its MAC: a BACKUP's would draw the switch's
   * entry for that MAC to its port); the VMAC and the report rules go when ours stops.
   */
  @Test
  void useVmacPreemptsFromTheVirtualMacAndItsReportsLeaveFromTheBaseInterface() throws Exception {
    String vmacMac = "00:00:5e:00:02:3d";
    try (InteropLab lab = InteropLab.open("v6m")) {
      Netns net = lab.net;
      ipv6(net);
      keepalived(lab, net.a, 100, "keepalived");
      Netns.await(() -> "keepalived MASTER\n" + logs(), 15_000, () -> log("keepalived").contains("(VI_6) Entering MASTER STATE"));
      // MLDv2 reports (to ff02::16) and router solicitations (ff02::2) leaving ours' eth0, by source MAC
      Path capture = dir.resolve("reports.txt");
      lab.start(List.of("ip", "netns", "exec", net.b, "tcpdump", "-l", "-e", "-n", "-v", "-i", "eth0",
          "ether dst 33:33:00:00:00:16 or ether dst 33:33:00:00:00:02"), capture);
      Netns.await(() -> "tcpdump listening\n" + read(capture), 10_000, () -> read(capture).contains("listening on eth0"));

      Path conf = dir.resolve("ours.conf");
      Files.writeString(conf, conf("ours6", 150).replace("  advert_int 1\n", "  advert_int 1\n  use_vmac\n"));
      Process ours = lab.start(List.of("ip", "netns", "exec", net.b, InteropLab.launcher(), "-P", "-f", conf.toString(),
          "-p", dir.resolve("ours.pid").toString(), "--control-socket", dir.resolve("ours.sock").toString()),
          dir.resolve("ours.log"));
      Netns.await(() -> "ours MASTER\n" + logs(), 20_000, () -> log("ours").contains("(VI_6) Entering MASTER STATE"));
      Netns.await(() -> "the VIP on ours' VMAC only\n" + vmac(net) + logs(), 10_000,
          () -> vmac(net).contains("inet6 " + VIP + "/64") && !has(net, net.a));
      Netns.await(() -> "keepalived BACKUP, hearing ours\n" + logs(), 10_000,
          () -> log("keepalived").contains("(VI_6) Entering BACKUP STATE"));
      String link = vmac(net);
      assertTrue(link.contains("link/ether " + vmacMac) && link.contains("macvlan mode private"), link);
      String eth0LinkLocal = ProcessResult.run(null, List.of("ip", "-n", net.b, "-6", "-br", "addr", "show", "dev", "eth0",
          "scope", "link")).output().trim().split("\\s+")[2];
      assertTrue(link.contains("inet6 " + eth0LinkLocal + " scope link"), "the VMAC has eth0's link-local address "
          + eth0LinkLocal + "\n" + link);
      assertEquals(1, link.lines().filter(l -> l.contains("inet6 fe80:")).count(), "and no other\n" + link);
      clientReaches(net, vmacMac, "ours' VMAC");

      // the VMAC joined ff02::12 and its addresses' solicited-node groups: reports for it left from eth0's MAC
      String baseMac = net.mac(net.b);
      Netns.await(() -> "a report of ours for ff02::12 from eth0's MAC " + baseMac + "\n" + read(capture), 10_000,
          () -> packets(read(capture)).stream().anyMatch(p -> p.contains(" " + baseMac + " >") && p.contains("ff02::12")));
      assertFalse(read(capture).contains(vmacMac + " >"), "nothing to ff02::16 or ff02::2 from the virtual MAC\n"
          + read(capture));
      String rules = ProcessResult.run(null, List.of("ip", "netns", "exec", net.b, "nft", "list", "table", "ip6",
          "keepalived_vmac")).output();
      assertTrue(rules.contains("dup to") && rules.contains("drop"), rules);

      // a stop: priority 0 from the VMAC, keepalived takes over at once; the VMAC and the rules go
      Netns.run("kill", "-TERM", Long.toString(ours.pid()));
      assertTrue(ours.waitFor(15, TimeUnit.SECONDS), logs());
      Netns.await(() -> "keepalived MASTER after our stop\n" + logs(), 5_000, () -> has(net, net.a));
      clientReachesMacOf(net, net.a);
      assertFalse(ProcessResult.run(null, List.of("ip", "-n", net.b, "link", "show")).output().contains("vrrp.61"),
          "the VMAC is deleted when ours stops");
      assertFalse(ProcessResult.run(null, List.of("ip", "netns", "exec", net.b, "nft", "list", "ruleset")).output()
          .contains("keepalived_vmac"), "the report rules go when ours stops");
    }
  }

  /**
   * {@code vrrp_strict} (no_accept) over IPv6: while MASTER, ours drops the client's ping to its VIPs yet answers neighbour
   * solicitations for them (the client learns the MAC), as keepalived's ip6 firewall does; a link-local VIP is keyed by
   * its interface; as BACKUP nothing is dropped; keepalived's master drops the ping too; ours' table goes at its stop.
   */
  @Test
  void strictModeDropsTrafficToIpv6VipsButNotNeighbourDiscovery() throws Exception {
    String strict = """
        global_defs {
          router_id %s
          vrrp_strict
        }
        vrrp_instance VI_6 {
          interface eth0
          virtual_router_id 61
          priority %d
          advert_int 1
          virtual_ipaddress {
            fe80::61/64
            2001:2::100/64
          }
        }
        """;
    try (InteropLab lab = InteropLab.open("v6s")) {
      Netns net = lab.net;
      ipv6(net);
      Path conf = dir.resolve("ours.conf");
      Files.writeString(conf, strict.formatted("ours6", 100));
      Process ours = lab.start(List.of("ip", "netns", "exec", net.b, InteropLab.launcher(), "-P", "-f", conf.toString(),
          "-p", dir.resolve("ours.pid").toString(), "--control-socket", dir.resolve("ours.sock").toString()),
          dir.resolve("ours.log"));
      Netns.await(() -> "ours MASTER with its VIPs in the drop sets\n" + ruleset(net.b) + logs(), 20_000,
          () -> has(net, net.b) && ruleset(net.b).contains("2001:2::100") && ruleset(net.b).contains("fe80::61 . "));
      String rules = ruleset(net.b);
      assertTrue(rules.contains("table ip6 keepalived") && !rules.contains("table ip keepalived"),
          "an IPv6-only node has the ip6 table only\n" + rules);
      assertEquals(null, net.clientReaches(VIP), "a no_accept master must not answer the client's ping to its VIP\n" + logs());
      String neighbour = ProcessResult.run(null, List.of("ip", "-n", net.client, "-6", "neigh", "show", VIP)).output();
      assertTrue(neighbour.contains("lladdr " + net.mac(net.b)), "neighbour discovery for the VIP passes\n" + neighbour);
      assertEquals(net.mac(net.b), net.clientReaches("2001:2::2"), "ours' own address answers");

      Path k = dir.resolve("keepalived.conf");
      Files.writeString(k, strict.formatted("k6", 150));
      lab.start(List.of("ip", "netns", "exec", net.a, "/usr/sbin/keepalived", "-n", "-l", "-P", "-f", k.toString(),
          "-p", dir.resolve("k.pid").toString(), "-r", dir.resolve("kv.pid").toString()), dir.resolve("keepalived.log"));
      Netns.await(() -> "keepalived preempts; ours drops nothing as BACKUP\n" + ruleset(net.b) + logs(), 20_000,
          () -> has(net, net.a) && !has(net, net.b) && !ruleset(net.b).contains("elements"));
      assertEquals(null, net.clientReaches(VIP), "keepalived's no_accept master drops the ping too\n" + ruleset(net.a));
      Netns.run("kill", "-TERM", Long.toString(ours.pid()));
      assertTrue(ours.waitFor(15, TimeUnit.SECONDS), logs());
      assertEquals("", ruleset(net.b).strip(), "ours deletes its table when it stops");
    }
  }

  /**
   * IPv6 {@code virtual_routes}: the routes keepalived installs as MASTER and the ones ours installs from the same lines
   * read the same in {@code ip -6 route}; each goes when its router leaves MASTER or stops.
   */
  @Test
  void ipv6VirtualRoutesAreTheRoutesKeepalivedInstalls() throws Exception {
    String routes = "  virtual_routes {\n    2001:3::/64 via 2001:2::3 dev eth0\n    2001:4::/64 dev eth0 metric 200\n"
        + "    blackhole 2001:5::/64\n  }\n";
    try (InteropLab lab = InteropLab.open("v6r")) {
      Netns net = lab.net;
      ipv6(net);
      Path k = dir.resolve("keepalived.conf");
      Files.writeString(k, conf("k6", 100).replace("  advert_int 1\n", "  advert_int 1\n" + routes));
      lab.start(List.of("ip", "netns", "exec", net.a, "/usr/sbin/keepalived", "-n", "-l", "-P", "-f", k.toString(),
          "-p", dir.resolve("k.pid").toString(), "-r", dir.resolve("kv.pid").toString()), dir.resolve("keepalived.log"));
      Netns.await(() -> "keepalived MASTER with its routes\n" + routes(net.a) + logs(), 15_000,
          () -> routes(net.a).lines().count() == 3);
      String theirs = routes(net.a);

      Path conf = dir.resolve("ours.conf");
      Files.writeString(conf, conf("ours6", 150).replace("  advert_int 1\n", "  advert_int 1\n" + routes));
      Process ours = lab.start(List.of("ip", "netns", "exec", net.b, InteropLab.launcher(), "-P", "-f", conf.toString(),
          "-p", dir.resolve("ours.pid").toString(), "--control-socket", dir.resolve("ours.sock").toString()),
          dir.resolve("ours.log"));
      Netns.await(() -> "ours MASTER with the routes, keepalived without\n" + routes(net.b) + "\n--\n" + routes(net.a)
          + logs(), 20_000, () -> routes(net.b).lines().count() == 3 && routes(net.a).isBlank());
      assertEquals(theirs, routes(net.b), "the same routes as keepalived's");
      Netns.run("kill", "-TERM", Long.toString(ours.pid()));
      assertTrue(ours.waitFor(15, TimeUnit.SECONDS), logs());
      assertEquals("", routes(net.b).strip(), "ours' routes go when it stops");
      Netns.await(() -> "keepalived's routes back\n" + routes(net.a), 10_000, () -> routes(net.a).equals(theirs));
    }
  }

  /** {@code ip -6 route show proto keepalived} (every table) in {@code ns}, sorted ("" when it fails). */
  private static String routes(String ns) {
    try {
      return ProcessResult.run(null, List.of("ip", "-n", ns, "-6", "route", "show", "table", "all", "proto", "keepalived"))
          .output().lines().sorted().collect(java.util.stream.Collectors.joining("\n"));
    } catch (Exception e) {
      return "";
    }
  }

  /** {@code nft list ruleset} in {@code ns} ("" when it fails). */
  private static String ruleset(String ns) {
    try {
      return ProcessResult.run(null, List.of("ip", "netns", "exec", ns, "nft", "list", "ruleset")).output();
    } catch (Exception e) {
      return "";
    }
  }

  /** {@code ip -d addr show dev vrrp.61} in ours' namespace. */
  private static String vmac(Netns net) {
    try {
      return ProcessResult.run(null, List.of("ip", "-n", net.b, "-d", "addr", "show", "dev", "vrrp.61")).output();
    } catch (Exception e) {
      return e.toString();
    }
  }

  /** tcpdump's output, a packet each (its first line starts with the time, -v continues on indented lines). */
  private static List<String> packets(String capture) {
    List<String> packets = new java.util.ArrayList<>();
    for (String line : capture.split("\n")) {
      if (!line.isEmpty() && Character.isDigit(line.charAt(0))) {
        packets.add(line);
      } else if (!packets.isEmpty()) {
        packets.set(packets.size() - 1, packets.get(packets.size() - 1) + "\n" + line);
      }
    }
    return packets;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      return "";
    }
  }

  /** The adverts ours accepted ({@code advertRcvd} of its status), or -1 when it does not answer. */
  private static long received(Path socket) {
    try {
      String status = ControlSocket.ask(socket, "ours6", "status", "VI_6").out();
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"advertRcvd\"\\s*:\\s*(\\d+)").matcher(status);
      return m.find() ? Long.parseLong(m.group(1)) : -1;
    } catch (Exception e) {
      return -1;
    }
  }

  @Test
  void oursTakesOverFromACrashedKeepalivedAndAnnouncesTheVip() throws Exception {
    try (InteropLab lab = InteropLab.open("v6t")) {
      Netns net = lab.net;
      ipv6(net);
      Process keepalived = keepalived(lab, net.a, 150, "keepalived");
      Netns.await(() -> "keepalived MASTER\n" + logs(), 15_000, () -> log("keepalived").contains("(VI_6) Entering MASTER STATE"));
      ours(lab, net.b, 100, "ours");
      Netns.await(() -> "ours BACKUP\n" + logs(), 20_000, () -> log("ours").contains("(VI_6) Entering BACKUP STATE"));
      clientReachesMacOf(net, net.a);
      // ours accepts keepalived's adverts (counted as received), so it stays BACKUP past Master_Down_Interval
      Netns.await(() -> "keepalived's adverts accepted by ours\n" + logs(), 15_000, () -> received(dir.resolve("ours.sock")) >= 5);
      assertFalse(log("ours").contains("Entering MASTER STATE"), "ours stayed BACKUP\n" + logs());
      assertFalse(log("ours").contains(" WARN "), "no advert of keepalived refused\n" + logs());

      // keepalived crashes (its VIP stays in its kernel): ours takes over after Master_Down_Interval
      keepalived.descendants().forEach(ProcessHandle::destroyForcibly);
      keepalived.destroyForcibly();
      keepalived.waitFor(10, TimeUnit.SECONDS);
      Netns.await(() -> "ours MASTER after the crash\n" + logs(), 10_000, () -> log("ours").contains("(VI_6) Entering MASTER STATE"));
      assertTrue(has(net, net.b), logs());
      clientReachesMacOf(net, net.b);
      String flags = ProcessResult.run(null, List.of("ip", "-n", net.b, "-6", "addr", "show", "dev", "eth0")).output();
      assertFalse(flags.lines().filter(l -> l.contains(VIP)).anyMatch(l -> l.contains("tentative")),
          "the VIP is added without duplicate address detection\n" + flags);
      assertEquals(1, flags.lines().filter(l -> l.contains(VIP + "/64")).count(), flags);
      // keepalived's kernel still holds the VIP: ours' neighbour solicitation finds it there, by its MAC
      String kmac = net.mac(net.a);
      Netns.await(() -> "ours names keepalived's MAC as another holder of the VIP\n" + logs(), 8_000,
          () -> log("ours").contains("DUPLICATE VIP: " + VIP + " is also answered for by " + kmac));
    }
  }
}
