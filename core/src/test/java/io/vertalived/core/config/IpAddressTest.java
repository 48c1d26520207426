package io.vertalived.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.config.model.IpAddress;
import org.junit.jupiter.api.Test;

class IpAddressTest {
  private static String text(String s) {
    return IpAddress.parse(s).orElseThrow().toString();
  }

  @Test
  void literalsOnlyAndCanonicalText() {
    assertEquals("198.18.0.1", text("198.18.0.1"));
    assertEquals("2001:db8::9", text("2001:db8:0:0:0:0:0:9"));
    assertEquals("::", text("::"));
    assertEquals("fe80::1:0:0:1", text("fe80:0:0:0:1:0:0:1"));
    assertEquals("2001:db8:0:1:1:1:1:1", text("2001:db8:0:1:1:1:1:1"));
    assertTrue(IpAddress.parse("localhost").isEmpty(), "never resolved through DNS");
    assertTrue(IpAddress.parse("1.2.3").isEmpty());
    assertTrue(IpAddress.parse("256.1.1.1").isEmpty());
  }
}
