package io.vertalived.checker.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The bounded, streaming HTTP/1.x response reader. */
class HttpResponseReaderTest {
  private static final String MD5_HELLO = "5d41402abc4b2a76b9719d911017c592"; // md5("hello")

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void contentLengthInPieces() {
    HttpResponseReader r = new HttpResponseReader(true, true);
    assertNull(r.received(b("HTTP/1.1 200 OK\r\nContent-Le")));
    assertNull(r.received(b("ngth: 5\r\n\r\nhel")));
    HttpResponseReader.Response done = r.received(b("lo"));
    assertEquals(200, done.status());
    assertEquals(MD5_HELLO, done.md5());
    assertEquals("hello", done.kept());
  }

  @Test
  void chunkedAndToClose() {
    HttpResponseReader chunked = new HttpResponseReader(true, false);
    HttpResponseReader.Response c = chunked.received(b("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "3;x=y\r\nhel\r\n2\r\nlo\r\n0\r\n\r\n"));
    assertEquals(MD5_HELLO, c.md5());
    HttpResponseReader close = new HttpResponseReader(true, false);
    assertNull(close.received(b("HTTP/1.0 200 OK\r\n\r\nhello")));
    assertEquals(MD5_HELLO, close.ended().md5());
  }

  @Test
  void withoutDigestOrRegexTheHeadIsEnough() {
    assertEquals(503, new HttpResponseReader(false, false).received(b("HTTP/1.0 503 Busy\r\nX: y\r\n\r\n")).status());
  }

  @Test
  void boundsAndGarbage() {
    assertEquals("HTTP body of 1073741824 bytes is larger than 67108864",
        new HttpResponseReader(true, false).received(b("HTTP/1.1 200 OK\r\nContent-Length: 1073741824\r\n\r\n")).failure());
    HttpResponseReader endless = new HttpResponseReader(true, false);
    endless.received(b("HTTP/1.0 200 OK\r\n\r\n"));
    HttpResponseReader.Response r = null;
    byte[] mib = new byte[1 << 20];
    for (int i = 0; i < 70 && r == null; i++) {
      r = endless.received(mib);
    }
    assertEquals("HTTP body larger than 67108864 bytes", r.failure());
    assertEquals("not an HTTP status line: 'SSH-2.0-OpenSSH_9.2'",
        new HttpResponseReader(false, false).received(b("SSH-2.0-OpenSSH_9.2\r\n")).failure());
    assertEquals("HTTP response head longer than 16384 bytes",
        new HttpResponseReader(false, false).received(b("HTTP/1.1 200 OK\r\nX: " + "a".repeat(20_000))).failure());
    assertEquals("connection closed before an HTTP status line", new HttpResponseReader(false, false).ended().failure());
  }
}
