package io.vertalived.checker.health;

/** {@link HttpGetProbeTest} on a Netty channel: Vert.x without its native transport (and the path TLS takes). */
class HttpGetProbeOnChannelTest extends HttpGetProbeTest {
  @Override
  boolean nativeTransport() {
    return false;
  }
}
