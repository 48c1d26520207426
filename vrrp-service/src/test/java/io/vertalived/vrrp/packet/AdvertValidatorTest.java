package io.vertalived.vrrp.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;

/** Each receive check of RFC 5798 7.1 in keepalived's order, docs/vrrp.md on an advert built as keepalived's golden v2/v3 adverts are. */
class AdvertValidatorTest {
  static final InetAddress SRC = addr("198.18.0.1");
  static final InetAddress GROUP = addr("224.0.0.18");
  static final InetAddress VIP = addr("198.18.0.100");

  static InetAddress addr(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] pass(String p) {
    byte[] b = new byte[8];
    byte[] raw = p.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(raw, 0, b, 0, raw.length);
    return b;
  }

  static ReceiveProfile v2Profile() {
    return new ReceiveProfile(2, 1, pass("pvlab42"), 1, Set.of(VIP), false, GROUP, false, List.of(), false, false);
  }

  static ReceiveProfile v3Profile() {
    return new ReceiveProfile(3, 0, null, 10, Set.of(VIP), false, GROUP, false, List.of(), false, false);
  }

  /** An IPv4 datagram carrying a VRRP advert; {@code edit} may change bytes before parsing. */
  static Ipv4Datagram datagram(int version, int priority, InetAddress dst, int ttl, Consumer<byte[]> edit) {
    VrrpPacket p = new VrrpPacket(version, 1, 51, priority, version == 2 ? 1 : 0, version == 2 ? 1 : 10, 0,
        List.of(VIP), version == 2 ? pass("pvlab42") : null);
    byte[] vrrp = VrrpCodec.encode(p, SRC, dst, false);
    byte[] ip = new byte[20 + vrrp.length];
    ip[0] = 0x45;
    ip[1] = (byte) 0xc0;
    ip[2] = (byte) (ip.length >> 8);
    ip[3] = (byte) ip.length;
    ip[8] = (byte) ttl;
    ip[9] = 112;
    System.arraycopy(SRC.getAddress(), 0, ip, 12, 4);
    System.arraycopy(dst.getAddress(), 0, ip, 16, 4);
    System.arraycopy(vrrp, 0, ip, 20, vrrp.length);
    edit.accept(ip);
    return Ipv4Datagram.parse(ip, ip.length);
  }

  static Ipv4Datagram v2(Consumer<byte[]> edit) {
    return datagram(2, 100, GROUP, 255, edit);
  }

  /** Re-computes the VRRP checksum after an edit, so that only the intended check fails. */
  static Consumer<byte[]> fixSum(Consumer<byte[]> edit, int version) {
    return ip -> {
      edit.accept(ip);
      byte[] vrrp = java.util.Arrays.copyOfRange(ip, 20, ip.length);
      int sum = VrrpCodec.checksum(vrrp, version, SRC, addr((ip[16] & 0xff) + "." + (ip[17] & 0xff) + "."
          + (ip[18] & 0xff) + "." + (ip[19] & 0xff)), false);
      ip[26] = (byte) (sum >> 8);
      ip[27] = (byte) sum;
    };
  }

  private static void expect(Ipv4Datagram d, ReceiveProfile me, AdvertValidator.Verdict.Kind kind,
                             ToLongFunction<VrrpStats.Snapshot> counter) {
    expect(d, me, kind, counter, null);
  }

  /** ... and {@code logged}: keepalived's log line for it (without "(instance) "). */
  private static void expect(Ipv4Datagram d, ReceiveProfile me, AdvertValidator.Verdict.Kind kind,
                             ToLongFunction<VrrpStats.Snapshot> counter, String logged) {
    VrrpStats stats = new VrrpStats();
    AdvertValidator.Verdict v = AdvertValidator.check(d, me, stats, null);
    assertEquals(kind, v.kind(), String.valueOf(v.reason()));
    if (logged != null) {
      assertEquals(logged, v.reason());
    }
    if (counter != null) {
      assertEquals(1, counter.applyAsLong(stats.snapshot()), v.reason());
    }
  }

  @Test
  void goodAdvertsAreAcceptedAndCounted() {
    VrrpStats stats = new VrrpStats();
    assertTrue(AdvertValidator.check(v2(ip -> { }), v2Profile(), stats, null).accepted());
    assertTrue(AdvertValidator.check(datagram(3, 100, GROUP, 255, ip -> { }), v3Profile(), stats, null).accepted());
    assertEquals(2, stats.snapshot().advertRcvd());
  }

  @Test
  void eachCheckInKeepalivedsOrderWithKeepalivedsLogLine() {
    var ko = AdvertValidator.Verdict.Kind.KO;
    var drop = AdvertValidator.Verdict.Kind.DROP;
    expect(v2(ip -> ip[9] = 51), v2Profile(), ko, VrrpStats.Snapshot::authTypeMismatch,
        "Received AH header but auth type not AH");
    expect(v2(ip -> ip[3]--), v2Profile(), ko, VrrpStats.Snapshot::packetLenErr,
        "vrrp packet too short, length 39 and expect 40");
    expect(v2(ip -> ip[23] = 2), v2Profile(), ko, VrrpStats.Snapshot::packetLenErr,
        "vrrp packet too short, length 40 and expect 44");
    expect(v2(ip -> ip[8] = 64), v2Profile(), ko, VrrpStats.Snapshot::ipTtlErr,
        "invalid TTL/HL. Received 64 and expect 255");
    expect(datagram(3, 100, GROUP, 255, ip -> { }), v2Profile(), ko, null, "wrong version. Received 3 and expect 2");
    expect(v2(fixSum(ip -> ip[24] = 7, 2)), v2Profile(), ko, VrrpStats.Snapshot::invalidAuthType,
        "Invalid auth type: 7");
    expect(v2(fixSum(ip -> ip[24] = 0, 2)), v2Profile(), ko, VrrpStats.Snapshot::authTypeMismatch,
        "received a 0 auth, expecting 1!");
    expect(v2(fixSum(ip -> ip[32] = 'X', 2)), v2Profile(), ko, VrrpStats.Snapshot::authFailure,
        "received an invalid passwd!");
    expect(v2(fixSum(ip -> ip[25] = 2, 2)), v2Profile(), drop, null,
        "advertisement interval mismatch mine=1 sec rcv'd=2 sec");
    expect(v2(fixSum(ip -> ip[20] = 0x22, 2)), v2Profile(), ko, VrrpStats.Snapshot::invalidTypeRcvd,
        "Invalid packet type. 2 and expect 1");
    expect(v2(ip -> ip[27] ^= 1), v2Profile(), ko, null, "Invalid VRRPv2 checksum");
    expect(datagram(2, 100, addr("198.18.0.2"), 255, ip -> { }), v2Profile(), ko, VrrpStats.Snapshot::addrListErr,
        "Expected multicast packet but received unicast packet");
    expect(v2(fixSum(ip -> ip[31] = 101, 2)), v2Profile(), ko, VrrpStats.Snapshot::addrListErr,
        "ip address associated with VRID 51 not present in MASTER advert: 198.18.0.100");
    expect(datagram(2, 0, GROUP, 255, ip -> { }), v2Profile(), AdvertValidator.Verdict.Kind.ACCEPT,
        VrrpStats.Snapshot::priZeroRcvd);
  }

  @Test
  void aWrongAddressCountIsRefusedBeforeItIsCountedAsReceived() {
    // a v2 advert with two addresses (a length that matches them) to a router with one VIP
    ReceiveProfile two = new ReceiveProfile(2, 1, pass("pvlab42"), 1, Set.of(VIP, addr("198.18.0.101")), false,
        GROUP, false, List.of(), false, false);
    VrrpStats stats = new VrrpStats();
    AdvertValidator.Verdict v = AdvertValidator.check(v2(ip -> { }), two, stats, null);
    assertEquals("received an unexpected ip number count 1, expected 2!", v.reason());
    assertEquals(1, stats.snapshot().addrListErr());
    assertEquals(0, stats.snapshot().advertRcvd());
  }

  @Test
  void v3IntervalMismatchIsAcceptedForTheBackupToAdopt() {
    ReceiveProfile slower = new ReceiveProfile(3, 0, null, 100, Set.of(VIP), false, GROUP, false, List.of(), false, false);
    VrrpStats stats = new VrrpStats();
    var v = AdvertValidator.check(datagram(3, 100, GROUP, 255, ip -> { }), slower, stats, null);
    assertTrue(v.accepted());
    assertEquals(0.1, v.packet().advertIntervalSeconds());
  }

  @Test
  void v3ChecksumCoversTheActualDestination() {
    Ipv4Datagram d = datagram(3, 100, GROUP, 255, ip -> ip[19] = 19);
    expect(d, v3Profile(), AdvertValidator.Verdict.Kind.KO, null);
  }

  @Test
  void unicastSkipsTtlAndChecksThePeers() {
    InetAddress peer = addr("198.18.0.2");
    ReceiveProfile uni = new ReceiveProfile(2, 1, pass("pvlab42"), 1, Set.of(VIP), true, GROUP, true,
        List.of(new ReceiveProfile.Peer(SRC, 0, 255)), false, false);
    assertTrue(AdvertValidator.check(datagram(2, 100, peer, 10, ip -> { }), uni, new VrrpStats(), null).accepted());
    ReceiveProfile strangers = new ReceiveProfile(2, 1, pass("pvlab42"), 1, Set.of(VIP), true, GROUP, true,
        List.of(new ReceiveProfile.Peer(peer, 0, 255)), false, false);
    expect(datagram(2, 100, peer, 10, ip -> { }), strangers, AdvertValidator.Verdict.Kind.KO, null,
        "unicast source address 198.18.0.1 not a unicast peer");
    ReceiveProfile ttl = new ReceiveProfile(2, 1, pass("pvlab42"), 1, Set.of(VIP), true, GROUP, true,
        List.of(new ReceiveProfile.Peer(SRC, 250, 255)), false, false);
    expect(datagram(2, 100, peer, 10, ip -> { }), ttl, AdvertValidator.Verdict.Kind.KO, VrrpStats.Snapshot::ipTtlErr,
        "TTL/HL 10 not in range 250 - 255");
  }

  @Test
  void skipCheckAdvAddrTrustsTheSameMaster() {
    ReceiveProfile skip = new ReceiveProfile(2, 1, pass("pvlab42"), 1, Set.of(addr("198.18.0.99")), false, GROUP,
        false, List.of(), true, false);
    assertTrue(AdvertValidator.check(v2(ip -> { }), skip, new VrrpStats(), SRC).accepted());
    expect(v2(ip -> { }), skip, AdvertValidator.Verdict.Kind.KO, VrrpStats.Snapshot::addrListErr);
  }

  /** 100,000 random and mutated datagrams: never an exception; at most one counter moves each. */
  @Test
  void fuzzedPacketsNeverThrowAndLandInOneCounter() {
    Random rnd = new Random(Long.getLong("vertalived.fuzz.seed", 5798L));
    Ipv4Datagram base = v2(ip -> { });
    byte[] good = java.util.Arrays.copyOf(base.bytes(), base.length());
    int accepted = 0;
    for (int i = 0; i < 100_000; i++) {
      byte[] b;
      if (i % 4 == 0) {
        b = new byte[1 + rnd.nextInt(80)];
        rnd.nextBytes(b);
        b[0] = (byte) (0x40 | (b[0] & 0x0f));
      } else {
        b = good.clone();
        int edits = 1 + rnd.nextInt(3);
        for (int e = 0; e < edits; e++) {
          b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
        }
        if (rnd.nextInt(10) == 0) {
          b = java.util.Arrays.copyOf(b, rnd.nextInt(b.length + 8));
        }
      }
      Ipv4Datagram d = Ipv4Datagram.parse(b, b.length);
      if (d == null) {
        continue;
      }
      VrrpStats stats = new VrrpStats();
      AdvertValidator.Verdict v = AdvertValidator.check(d, rnd.nextBoolean() ? v2Profile() : v3Profile(), stats, null);
      VrrpStats.Snapshot s = stats.snapshot();
      long errors = s.packetLenErr() + s.ipTtlErr() + s.invalidTypeRcvd() + s.addrListErr()
          + s.invalidAuthType() + s.authTypeMismatch() + s.authFailure();
      assertTrue(errors <= 1, v.toString());
      if (v.accepted()) {
        accepted++;
        assertEquals(1, s.advertRcvd());
        assertEquals(0, errors);
      } else if (v.kind() == AdvertValidator.Verdict.Kind.KO) {
        assertTrue(v.reason() != null && !v.reason().isEmpty());
      }
    }
    assertTrue(accepted > 0, "some mutations (e.g. priority) stay valid");
  }
}
