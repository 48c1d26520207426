package io.vertalived.checker.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class TcpProbeDescribeTest {
  @Test
  void nettysNativeCallAndTheRepeatedAddressAreLeftOut() {
    assertEquals("Connection refused", TcpProbe.describe(
        new IOException("finishConnect(..) failed with error(-111): Connection refused: /198.18.0.2:80")));
    assertEquals("Connection refused", TcpProbe.describe(new IOException("connect(..) failed: Connection refused")));
    assertEquals("connection timed out after 500 ms", TcpProbe.describe(
        new IOException("connection timed out after 500 ms: /198.18.0.2:80")));
    assertEquals("IOException", TcpProbe.describe(new IOException()));
  }
}
