package io.vertalived.checker.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.config.model.Checker;
import io.vertalived.core.config.model.CheckerSettings;
import io.vertalived.core.config.model.SslSettings;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** SSL_GET against TLS servers on loopback with certificates the test makes with keytool. */
@ExtendWith(VertxExtension.class)
class SslGetProbeTest {
  private static final CheckerSettings SETTINGS =
      new CheckerSettings(null, 0, null, null, 0, 0, 2, 1, 1, 0, 1, false, false);
  @TempDir
  Path dir;

  /** A self-signed certificate valid from {@code startDays} for {@code days}; returns its PEM. */
  private Path certificate(String name, String startDays, int days) throws Exception {
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    List<String> gen = new ArrayList<>(List.of(keytool, "-genkeypair", "-alias", "srv", "-keyalg", "RSA", "-keysize", "2048",
        "-dname", "CN=rs.test", "-validity", Integer.toString(days), "-keystore", dir.resolve(name + ".p12").toString(),
        "-storetype", "PKCS12", "-storepass", "secret", "-keypass", "secret"));
    if (startDays != null) {
      gen.addAll(List.of("-startdate", startDays));
    }
    run(gen);
    Path pem = dir.resolve(name + ".pem");
    run(List.of(keytool, "-exportcert", "-rfc", "-alias", "srv", "-keystore", dir.resolve(name + ".p12").toString(),
        "-storepass", "secret", "-file", pem.toString()));
    return pem;
  }

  private static void run(List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
  }

  private ProbeOutcome probe(Vertx vertx, String name, SslSettings tls) throws Exception {
    NetServer s = vertx.createNetServer(new NetServerOptions().setSsl(true)
            .setKeyCertOptions(new PfxOptions().setPath(dir.resolve(name + ".p12").toString()).setPassword("secret")))
        .connectHandler(sock -> sock.handler(b -> sock.write(Buffer.buffer("HTTP/1.0 200 OK\r\n\r\n"))))
        .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    try {
      Checker.HttpGet check = new Checker.HttpGet(SETTINGS, true,
          List.of(new Checker.Url("/", null, List.of(new int[] {200, 299}), null, null, false)), "1.0", null, false, false, null, false);
      HttpGetProbe p = new HttpGetProbe(vertx, check, tls, "127.0.0.1", s.actualPort());
      ProbeOutcome o = p.probe().await(15, TimeUnit.SECONDS);
      p.close();
      return o;
    } finally {
      s.close().await(10, TimeUnit.SECONDS);
    }
  }

  /**
   * A CA ({@code ca.pem}) and a server certificate {@code name} it signed, valid from
   * {@code startDays} for {@code days}, in {@code name.p12} with its chain.
   */
  private Path signedByCa(String name, String startDays, int days) throws Exception {
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    String ca = dir.resolve("ca.p12").toString();
    String store = dir.resolve(name + ".p12").toString();
    Path caPem = dir.resolve("ca.pem");
    run(List.of(keytool, "-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=test CA",
        "-ext", "bc:c", "-validity", "30", "-keystore", ca, "-storetype", "PKCS12", "-storepass", "secret", "-keypass", "secret"));
    run(List.of(keytool, "-exportcert", "-rfc", "-alias", "ca", "-keystore", ca, "-storepass", "secret", "-file", caPem.toString()));
    run(List.of(keytool, "-genkeypair", "-alias", "srv", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=rs.test",
        "-validity", "30", "-keystore", store, "-storetype", "PKCS12", "-storepass", "secret", "-keypass", "secret"));
    Path csr = dir.resolve(name + ".csr");
    Path crt = dir.resolve(name + ".crt");
    run(List.of(keytool, "-certreq", "-alias", "srv", "-keystore", store, "-storepass", "secret", "-file", csr.toString()));
    run(List.of(keytool, "-gencert", "-alias", "ca", "-keystore", ca, "-storepass", "secret", "-infile", csr.toString(),
        "-outfile", crt.toString(), "-rfc", "-startdate", startDays, "-validity", Integer.toString(days)));
    run(List.of(keytool, "-importcert", "-noprompt", "-alias", "ca", "-keystore", store, "-storepass", "secret", "-file", caPem.toString()));
    run(List.of(keytool, "-importcert", "-alias", "srv", "-keystore", store, "-storepass", "secret", "-file", crt.toString()));
    return caPem;
  }

  /** SSL { certificate key password }: a client certificate whose key openssl encrypted (PKCS#8, PBES2). */
  @Test
  void clientCertificateWithAnEncryptedKey(Vertx vertx) throws Exception {
    Path server = certificate("good", null, 30);
    Path key = dir.resolve("client.key");
    Path crt = dir.resolve("client.crt");
    run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-keyout", key.toString(), "-out", crt.toString(),
        "-days", "2", "-subj", "/CN=checker", "-passout", "pass:s3cret"));
    List<String> clients = new java.util.concurrent.CopyOnWriteArrayList<>();
    NetServer s = vertx.createNetServer(new NetServerOptions().setSsl(true)
            .setClientAuth(io.vertx.core.http.ClientAuth.REQUIRED)
            .setTrustOptions(new io.vertx.core.net.PemTrustOptions().addCertPath(crt.toString()))
            .setKeyCertOptions(new PfxOptions().setPath(dir.resolve("good.p12").toString()).setPassword("secret")))
        .connectHandler(sock -> {
          try {
            clients.add(sock.peerCertificates().get(0).toString());
          } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            clients.add("unverified");
          }
          sock.handler(b -> sock.write(Buffer.buffer("HTTP/1.0 200 OK\r\n\r\n")).onComplete(x -> sock.close()));
        })
        .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    try {
      Checker.HttpGet check = new Checker.HttpGet(SETTINGS, true,
          List.of(new Checker.Url("/", null, List.of(new int[] {200, 299}), null, null, false)), "1.0", null, false, false, null, false);
      SslSettings tls = new SslSettings(new io.vertalived.core.config.model.Secret("s3cret"), server.toString(),
          crt.toString(), key.toString());
      ProbeOutcome o = new HttpGetProbe(vertx, check, tls, "127.0.0.1", s.actualPort()).probe().await(15, TimeUnit.SECONDS);
      assertTrue(o.success(), o.reason());
      assertTrue(clients.get(0).contains("CN=checker"), clients.get(0));
      SslSettings wrong = new SslSettings(new io.vertalived.core.config.model.Secret("nope"), server.toString(),
          crt.toString(), key.toString());
      IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
          () -> new HttpGetProbe(vertx, check, wrong, "127.0.0.1", s.actualPort()));
      assertTrue(e.getMessage().startsWith("SSL { } settings cannot be used"), e.getMessage());
    } finally {
      s.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void trustedExpiredAndSelfSigned(Vertx vertx) throws Exception {
    Path good = certificate("good", null, 30);
    Path expired = signedByCa("expired", "-30d", 1);
    ProbeOutcome trusted = probe(vertx, "good", new SslSettings(null, good.toString(), null, null));
    assertTrue(trusted.success(), trusted.reason());
    ProbeOutcome untrusted = probe(vertx, "good", null);
    assertEquals("/: TLS connection to 127.0.0.1:" + untrusted.reason().replaceAll(".*127\\.0\\.0\\.1:(\\d+).*", "$1")
        + " failed: the server's certificate is not trusted (self-signed or an unknown CA; trust it with SSL { ca })",
        untrusted.reason());
    ProbeOutcome old = probe(vertx, "expired", new SslSettings(null, expired.toString(), null, null));
    assertTrue(old.reason().contains("the server's certificate has expired"), old.reason());
  }
}
