package io.vertalived.checker.health;

import io.vertalived.core.config.model.SslSettings;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;

/**
 * TLS of {@code SSL_GET}. Unlike keepalived, which accepts any certificate, the server's chain
 * must be valid and trusted (as issue [3/7] asks: an expired or self-signed certificate is a
 * failure): trusted are the CA of the global {@code SSL { ca }} block, else the JDK's. The host
 * name is not verified (real servers are addressed by IP). A self-signed certificate configured
 * as the CA itself is a trust anchor, whose dates PKIX does not check. {@code SSL { certificate key }} is
 * the client certificate; with {@code SSL { password }} its key is an encrypted one ({@link EncryptedKey}). SNI per check ({@code enable_sni}, {@code sni_name}).
 */
final class TlsClient {
  private TlsClient() {}

  /**
   * The client context, for Netty's TLS handler on a {@link TcpConnector} connection: the trust
   * and key material are read by Vert.x's PEM options (PKCS#1 and PKCS#8 keys); {@code
   * verifyPeer} false takes any certificate (genhash -S only).
   */
  static io.netty.handler.ssl.SslContext context(io.vertx.core.Vertx vertx, SslSettings tls, boolean verifyPeer) {
    // one context for every SSL_GET of the same settings and files: the key material is read and
    // decrypted (PBKDF2 for an encrypted key) once, not once per check; a file replaced on disk
    // (a rotated certificate) makes a new one at the next start or reload
    record Key(SslSettings tls, boolean verifyPeer, java.util.List<Long> modified) {}
    java.util.List<Long> modified = tls == null ? java.util.List.of() : java.util.stream.Stream.of(tls.ca(), tls.certificate(), tls.key())
        .map(f -> f == null ? 0L : new java.io.File(f).lastModified()).toList();
    return CONTEXTS.computeIfAbsent(new Key(tls, verifyPeer, modified), k -> build(vertx, tls, verifyPeer));
  }

  private static final java.util.Map<Object, io.netty.handler.ssl.SslContext> CONTEXTS =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static io.netty.handler.ssl.SslContext build(io.vertx.core.Vertx vertx, SslSettings tls, boolean verifyPeer) {
    try {
      // Netty 4.2 checks the host name by default; real servers are addressed by IP
      var b = io.netty.handler.ssl.SslContextBuilder.forClient().endpointIdentificationAlgorithm(null);
      if (!verifyPeer) {
        b.trustManager(io.netty.handler.ssl.util.InsecureTrustManagerFactory.INSTANCE);
      } else if (tls != null && tls.ca() != null) {
        b.trustManager(new PemTrustOptions().addCertPath(tls.ca()).getTrustManagerFactory(vertx));
      }
      if (tls != null && tls.certificate() != null && tls.key() != null && tls.password() != null) {
        b.keyManager(EncryptedKey.read(tls.key(), tls.password().value().toCharArray()), EncryptedKey.certificates(tls.certificate()));
      } else if (tls != null && tls.certificate() != null && tls.key() != null) {
        b.keyManager(new PemKeyCertOptions().setCertPath(tls.certificate()).setKeyPath(tls.key()).getKeyManagerFactory(vertx));
      }
      return b.build();
    } catch (Exception e) {
      throw new IllegalArgumentException("SSL { } settings cannot be used: " + e.getMessage());
    }
  }

  /** A handshake failure in an operator's words. */
  static String describe(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof CertificateExpiredException) {
        return "the server's certificate has expired (" + c.getMessage() + ")";
      }
      if (c instanceof CertificateNotYetValidException) {
        return "the server's certificate is not valid yet (" + c.getMessage() + ")";
      }
      if (c.getClass().getSimpleName().equals("SunCertPathBuilderException")) {
        return "the server's certificate is not trusted (self-signed or an unknown CA; trust it with SSL { ca })";
      }
    }
    return TcpProbe.describe(t);
  }
}
