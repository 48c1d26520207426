package io.vertalived.checker.health;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * The client key of {@code SSL { certificate key password }}: an encrypted PEM key as OpenSSL
 * writes it — PKCS#8 ({@code BEGIN ENCRYPTED PRIVATE KEY}, PBES2 as OpenSSL 3 does by default,
 * which the JDK 17 cannot read) or a traditional one ({@code Proc-Type: 4,ENCRYPTED}) — decrypted
 * with Bouncy Castle (not installed as a JCE provider).
 */
final class EncryptedKey {
  private static final BouncyCastleProvider BC = new BouncyCastleProvider();

  private EncryptedKey() {}

  static PrivateKey read(String path, char[] password) throws Exception {
    try (Reader in = Files.newBufferedReader(Path.of(path)); PEMParser pem = new PEMParser(in)) {
      Object o = pem.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(BC);
      if (o instanceof PKCS8EncryptedPrivateKeyInfo p8) {
        PrivateKeyInfo info = p8.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC).build(password));
        return converter.getPrivateKey(info);
      }
      if (o instanceof PEMEncryptedKeyPair pair) {
        return converter.getKeyPair(pair.decryptKeyPair(new JcePEMDecryptorProviderBuilder().setProvider(BC).build(password))).getPrivate();
      }
      throw new IllegalArgumentException(path + " holds no encrypted private key");
    }
  }

  static X509Certificate[] certificates(String path) throws Exception {
    try (var in = Files.newInputStream(Path.of(path))) {
      return CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
          .map(c -> (X509Certificate) c).toArray(X509Certificate[]::new);
    }
  }
}
