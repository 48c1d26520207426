package io.vertalived.notifier.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a webhook request (docs/notifier.md): {@code X-Vertalived-Signature:
 * sha256=HEX}, the HMAC-SHA256 with the webhook's secret of the {@code X-Vertalived-Timestamp}
 * value (Unix seconds), a dot, and the body's bytes. A receiver recomputes it, compares in
 * constant time, and refuses a timestamp too far from its clock (a replay).
 */
public final class WebhookSignature {
  public static final String SIGNATURE = "X-Vertalived-Signature";
  public static final String TIMESTAMP = "X-Vertalived-Timestamp";

  private WebhookSignature() {}

  public static String sign(String secret, long unixSeconds, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((unixSeconds + ".").getBytes(StandardCharsets.US_ASCII));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  /** What a receiver does: true when {@code signature} is the one of this timestamp and body. */
  public static boolean verify(String secret, long unixSeconds, byte[] body, String signature) {
    return signature != null && java.security.MessageDigest.isEqual(
        sign(secret, unixSeconds, body).getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII));
  }
}
