package io.vertalived.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code vertalived genhash} against an HTTP server on loopback started by the test. */
class GenHashCommandTest {
  private static String[] run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new String[] {Integer.toString(rc), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
  }

  @Test
  void printsTheBodysMd5() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      HttpServer server = vertx.createHttpServer().requestHandler(req -> req.response().end(
          req.path().equals("/health") ? "hello" : "other")).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
      String[] r = run("genhash", "-s", "127.0.0.1", "-p", Integer.toString(server.actualPort()), "-u", "/health");
      assertEquals("0", r[0], r[2]);
      assertEquals("MD5SUM = 5d41402abc4b2a76b9719d911017c592\n", r[1]);
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  /** -S: over TLS with a self-signed certificate (taken, as keepalived's genhash does); -V is the SNI name. */
  @Test
  void overTlsWithTheVirtualhostAsSni(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    String keytool = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process gen = new ProcessBuilder(keytool, "-genkeypair", "-alias", "srv", "-keyalg", "RSA", "-keysize", "2048",
        "-dname", "CN=rs.test", "-validity", "2", "-keystore", dir.resolve("srv.p12").toString(), "-storetype", "PKCS12",
        "-storepass", "secret", "-keypass", "secret").redirectErrorStream(true).start();
    gen.getInputStream().readAllBytes();
    assertEquals(0, gen.waitFor());
    Vertx vertx = Vertx.vertx();
    try {
      java.util.concurrent.atomic.AtomicReference<String> sni = new java.util.concurrent.atomic.AtomicReference<>();
      HttpServer server = vertx.createHttpServer(new io.vertx.core.http.HttpServerOptions().setSsl(true).setSni(true)
              .setKeyCertOptions(new io.vertx.core.net.PfxOptions().setPath(dir.resolve("srv.p12").toString()).setPassword("secret")))
          .requestHandler(req -> {
            sni.set(req.connection().indicatedServerName());
            req.response().end("hello");
          }).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
      String[] r = run("genhash", "-S", "-s", "127.0.0.1", "-p", Integer.toString(server.actualPort()), "-u", "/health",
          "-V", "www.example.test");
      assertEquals("0", r[0], r[2]);
      assertEquals("MD5SUM = 5d41402abc4b2a76b9719d911017c592\n", r[1]);
      assertEquals("www.example.test", sni.get());
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void badCommandLinesAndUnreachableServers() {
    String[] usage = run("genhash", "-s", "127.0.0.1");
    assertEquals("2", usage[0]);
    assertEquals("vertalived genhash: -s and -u are required (see genhash --help)\n", usage[2]);
    String[] refused = run("genhash", "-s", "127.0.0.1", "-p", "1", "-u", "/", "-t", "1");
    assertEquals("1", refused[0]);
    assertTrue(refused[2].contains("Connection refused"), refused[2]);
  }
}
