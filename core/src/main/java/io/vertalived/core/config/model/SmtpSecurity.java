package io.vertalived.core.config.model;

/**
 * The {@code vertalived_smtp { }} block (docs/notifier.md): what keepalived's plain SMTP lacks.
 * {@code starttls}: OFF as keepalived (plain text), OPTIONAL (used when the server offers it),
 * REQUIRED (no mail without it). {@code username} with {@code password} (or global_defs
 * {@code smtp_password}): SMTP AUTH. {@code caFile}: PEM certificates the server's must chain to
 * (null: the JVM's trust store).
 */
public record SmtpSecurity(StartTls starttls, String username, Secret password, String caFile) {
  public static final SmtpSecurity NONE = new SmtpSecurity(StartTls.OFF, null, null, null);

  public enum StartTls { OFF, OPTIONAL, REQUIRED }
}
