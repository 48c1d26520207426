package io.vertalived.vrrp.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertalived.core.config.model.VrrpInstance;
import io.vertalived.vrrp.packet.VrrpPacket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reload replaces everything an advert carries (RFC 5798 5.2, RFC 3768 5.3) and where it goes. */
class RawAdvertSenderTest {
  @TempDir
  Path dir;

  private VrrpInstance instance(String extra, String... vips) throws Exception {
    String text = InstanceRunnerTest.instance("VI_1", 51, 100, extra, vips);
    // a version of its own instead of the template's (a second, other one is ignored, as keepalived)
    if (extra.contains(" version ")) {
      text = text.replace(" version 3\n", "");
    }
    return InstanceRunnerTest.config(dir, text).vrrpInstances().get(0);
  }

  @Test
  void aReconfiguredSenderAdvertisesTheNewDefinition() throws Exception {
    RawAdvertSender sender = new RawAdvertSender(instance("", "198.18.0.100/32"), SourceAddress.fixed(InetAddress.getByName("198.18.0.1")),
        () -> null);
    VrrpPacket before = sender.packet(100);
    assertEquals(3, before.version());
    assertEquals(10, before.maxAdvertInterval(), "advert_int 0.1 in centiseconds");
    assertEquals(List.of(InetAddress.getByName("198.18.0.100")), before.addresses());
    assertEquals(List.of(InetAddress.getByName("224.0.0.18")), sender.destinations());

    sender.reconfigure(instance(" advert_int 2\n version 2\n authentication {\n  auth_type PASS\n  auth_pass secret\n }\n"
        + " unicast_peer {\n  198.18.0.2\n  198.18.0.3\n }\n", "198.18.0.100/32", "198.18.0.101/32"));
    VrrpPacket after = sender.packet(150);
    assertEquals(2, after.version());
    assertEquals(150, after.priority());
    assertEquals(2, after.maxAdvertInterval(), "advert_int 2 in seconds (VRRPv2)");
    assertEquals(1, after.authType(), "simple text password");
    assertArrayEquals("secret\0\0".getBytes(StandardCharsets.US_ASCII), after.authData());
    assertEquals(List.of(InetAddress.getByName("198.18.0.100"), InetAddress.getByName("198.18.0.101")), after.addresses());
    assertEquals(List.of(InetAddress.getByName("198.18.0.2"), InetAddress.getByName("198.18.0.3")), sender.destinations());
  }

  @Test
  void withoutSocketsNothingIsSent() throws Exception {
    assertEquals(0, new RawAdvertSender(instance("", "198.18.0.100/32"), SourceAddress.fixed(InetAddress.getByName("198.18.0.1")), () -> null)
        .send(100));
  }
}
