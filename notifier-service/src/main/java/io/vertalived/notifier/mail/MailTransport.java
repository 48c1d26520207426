package io.vertalived.notifier.mail;

import io.vertalived.core.config.model.GlobalDefs;
import io.vertalived.core.config.model.SmtpSecurity;
import io.vertalived.notifier.delivery.Attempt;
import io.vertalived.notifier.delivery.Delivery;
import io.vertalived.notifier.delivery.Transport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.SMTPException;
import io.vertx.ext.mail.StartTLSOptions;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * keepalived's e-mail alerts through vertx-mail-client (docs/notifier.md): to
 * {@code notification_email} from {@code notification_email_from} via {@code smtp_server} [port],
 * HELO/EHLO name {@code smtp_helo_name}, {@code smtp_connect_timeout} for the connection and for
 * each answer; the headers keepalived writes (Date of the event, {@code X-Mailer: Keepalived});
 * what keepalived lacks from {@code vertalived_smtp}: STARTTLS, AUTH, a CA file. Unlike
 * keepalived's, a failed mail is tried again; a permanent refusal of a recipient or of the
 * message (5xx other than authentication) sets it aside.
 */
public final class MailTransport implements Transport {
  private static final DateTimeFormatter RFC822 = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ROOT);
  private final MailClient client;
  private final GlobalDefs global;
  private final String server;

  public MailTransport(Vertx vertx, GlobalDefs global, SmtpSecurity security) {
    this.global = global;
    this.server = "[" + global.smtpServer() + "]:" + global.smtpPort();
    int timeout = Math.max(1, global.smtpConnectTimeout());
    MailConfig c = new MailConfig().setHostname(global.smtpServer()).setPort(global.smtpPort())
        .setOwnHostname(global.smtpHeloName()).setConnectTimeout(timeout * 1000).setIdleTimeout(timeout)
        .setIdleTimeoutUnit(TimeUnit.SECONDS).setKeepAlive(false).setUserAgent("vertalived")
        .setStarttls(switch (security.starttls()) {
          case OFF -> StartTLSOptions.DISABLED;
          case OPTIONAL -> StartTLSOptions.OPTIONAL;
          case REQUIRED -> StartTLSOptions.REQUIRED;
        });
    if (security.username() != null) {
      c.setLogin(LoginOption.REQUIRED).setUsername(security.username()).setPassword(security.password().value());
    } else {
      c.setLogin(LoginOption.DISABLED);
    }
    if (security.caFile() != null) {
      c.setTrustOptions(new PemTrustOptions().addCertPath(security.caFile()));
    }
    this.client = MailClient.create(vertx, c);
  }

  /** The message of an alert, as keepalived writes its headers. */
  static MailMessage message(GlobalDefs g, Delivery d) {
    AlertMail m = AlertMail.of(d.event());
    MailMessage msg = new MailMessage().setFrom(g.notificationEmailFrom()).setTo(g.notificationEmail())
        .setSubject(m.subject()).setText(m.body());
    if (d.event().timestamp() != null) {
      msg.addHeader("Date", RFC822.format(d.event().timestamp().atZone(ZoneId.systemDefault())));
    }
    msg.addHeader("X-Mailer", "Keepalived");
    return msg;
  }

  @Override
  public Future<Attempt> send(Delivery d) {
    if (AlertMail.of(d.event()) == null) {
      return Future.succeededFuture(Attempt.Failed.refused("no e-mail for a " + d.event().type() + " event"));
    }
    return client.sendMail(message(global, d)).<Attempt>map(r -> new Attempt.Delivered("sent via " + server))
        .otherwise(e -> {
          if (e instanceof SMTPException s) {
            int code = s.getReplyCode();
            boolean auth = code == 530 || code == 534 || code == 535 || code == 538;
            String why = "SMTP server " + server + " answered " + code + " " + s.getReplyMessage();
            return s.isPermanent() && !auth ? Attempt.Failed.refused(why) : Attempt.Failed.retry(why);
          }
          String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
          return Attempt.Failed.retry("SMTP server " + server + ": " + m);
        });
  }

  @Override
  public Future<Void> close() {
    return client.close().otherwiseEmpty();
  }

  @Override
  public String toString() {
    return "SMTP server " + server;
  }
}
