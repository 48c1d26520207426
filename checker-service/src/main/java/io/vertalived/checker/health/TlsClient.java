package io.vertalived.checker.health;

import io.vertalived.core.config.model.SslSettings;
import io.vertx.core.net.NetClientOptions;
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
 * the client certificate. SNI per check ({@code enable_sni}, {@code sni_name}).
 */
final class TlsClient {
  private TlsClient() {}

  static void configure(NetClientOptions o, SslSettings tls) {
    o.setSsl(true).setHostnameVerificationAlgorithm("");
    if (tls != null && tls.ca() != null) {
      o.setTrustOptions(new PemTrustOptions().addCertPath(tls.ca()));
    }
    if (tls != null && tls.certificate() != null && tls.key() != null) {
      o.setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.certificate()).setKeyPath(tls.key()));
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
