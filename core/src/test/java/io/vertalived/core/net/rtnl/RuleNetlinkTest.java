package io.vertalived.core.net.rtnl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.config.model.RouteSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rtnetlink rule messages (fib_rule_hdr and FRA_* attributes), as {@code ip rule} would send them. */
class RuleNetlinkTest {
  private static final short ADD = (short) 0x605;

  private static RouteSpec rule(String line) {
    return new RouteSpec("all", null, null, null, null, "16384", null, "rule", false, List.of(line.split(" ")));
  }

  /** fib_rule_hdr fields and attributes of an encoded message. */
  private record Decoded(ByteBuffer b, Map<Integer, byte[]> attrs) {
    int family() { return b.get(16) & 0xff; }
    int dstLen() { return b.get(17) & 0xff; }
    int srcLen() { return b.get(18) & 0xff; }
    int tos() { return b.get(19) & 0xff; }
    int table() { return b.get(20) & 0xff; }
    int action() { return b.get(23) & 0xff; }
    int flags() { return b.getInt(24); }
    int intAttr(int t) { return ByteBuffer.wrap(attrs.get(t)).order(ByteOrder.nativeOrder()).getInt(); }
    String stringAttr(int t) { return new String(attrs.get(t), StandardCharsets.US_ASCII).replace("\0", ""); }
  }

  private static Decoded decode(byte[] msg) {
    return new Decoded(ByteBuffer.wrap(msg).order(ByteOrder.nativeOrder()), RtnlAttributes.of(msg));
  }

  @Test
  void fromAPrefixLookupATableAtAPreference() {
    Decoded d = decode(RuleNetlink.encode(RuleNetlink.RTM_NEWRULE, ADD, 7,
        rule("from 198.18.0.100/32 to 198.19.0.0/16 lookup 100 priority 50")));
    assertEquals(2, d.family());
    assertEquals(32, d.srcLen());
    assertEquals(16, d.dstLen());
    assertEquals(100, d.table());
    assertEquals(RuleNetlink.FR_ACT_TO_TBL, d.action());
    assertArrayEquals(new byte[] {(byte) 198, 18, 0, 100}, d.attrs().get(RuleNetlink.FRA_SRC));
    assertArrayEquals(new byte[] {(byte) 198, 19, 0, 0}, d.attrs().get(RuleNetlink.FRA_DST));
    assertEquals(50, d.intAttr(RuleNetlink.FRA_PRIORITY));
    assertEquals(100, d.intAttr(RuleNetlink.FRA_TABLE));
    assertArrayEquals(new byte[] {(byte) RouteNetlink.RTPROT_KEEPALIVED}, d.attrs().get(RuleNetlink.FRA_PROTOCOL));
  }

  @Test
  void interfacesMarksTosInversionAndActions() {
    Decoded d = decode(RuleNetlink.encode(RuleNetlink.RTM_NEWRULE, ADD, 7,
        rule("not iif eth0 oif eth1 fwmark 0x10/0xff tos 16 prohibit")));
    assertEquals(RuleNetlink.FIB_RULE_INVERT, d.flags());
    assertEquals("eth0", d.stringAttr(RuleNetlink.FRA_IIFNAME));
    assertEquals("eth1", d.stringAttr(RuleNetlink.FRA_OIFNAME));
    assertEquals(16, d.intAttr(RuleNetlink.FRA_FWMARK));
    assertEquals(255, d.intAttr(RuleNetlink.FRA_FWMASK));
    assertEquals(16, d.tos());
    assertEquals(RuleNetlink.FR_ACT_PROHIBIT, d.action());
    assertEquals(16384, d.intAttr(RuleNetlink.FRA_PRIORITY), "no preference: keepalived's default, with its warning");
    assertFalse(d.attrs().containsKey(RuleNetlink.FRA_TABLE));
    Decoded g = decode(RuleNetlink.encode(RuleNetlink.RTM_NEWRULE, ADD, 7, rule("from all goto 100 prio 10")));
    assertEquals(RuleNetlink.FR_ACT_GOTO, g.action());
    assertEquals(100, g.intAttr(RuleNetlink.FRA_GOTO));
    assertFalse(g.attrs().containsKey(RuleNetlink.FRA_SRC), "from all: no source");
    Decoded main = decode(RuleNetlink.encode(RuleNetlink.RTM_DELRULE, ADD, 7, rule("to 198.19.0.0/16 prio 5")));
    assertEquals(254, main.table(), "no action: table main, as ip rule");
    assertTrue(!main.attrs().containsKey(RuleNetlink.FRA_PROTOCOL), "a delete matches any protocol");
  }

  @Test
  void whatItCannotEncodeIsNamed() {
    assertEquals("rule option 'uidrange' is not supported by vertalived",
        assertThrows(IllegalArgumentException.class, () -> RuleNetlink.encode(RuleNetlink.RTM_NEWRULE, ADD, 1,
            rule("from 198.18.0.1 uidrange 1-2 table 5"))).getMessage());
    assertEquals("rule table 'nosuch' is not a number nor a name in iproute2's rt_tables",
        assertThrows(IllegalArgumentException.class, () -> RuleNetlink.encode(RuleNetlink.RTM_NEWRULE, ADD, 1,
            rule("from 198.18.0.1 table nosuch"))).getMessage());
    assertEquals("rule option 'table' needs a value",
        assertThrows(IllegalArgumentException.class, () -> RuleNetlink.encode(RuleNetlink.RTM_NEWRULE, ADD, 1,
            rule("from 198.18.0.1 table"))).getMessage());
    assertEquals("rule from '198.18.0.999' is not an address or prefix",
        assertThrows(IllegalArgumentException.class, () -> RuleNetlink.encode(RuleNetlink.RTM_NEWRULE, ADD, 1,
            rule("from 198.18.0.999 table 5"))).getMessage());
  }
}
