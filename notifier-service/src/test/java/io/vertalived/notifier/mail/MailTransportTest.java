package io.vertalived.notifier.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.config.ConfigLoader;
import io.vertalived.core.config.keywords.HostFacts;
import io.vertalived.core.config.model.KeepalivedConfig;
import io.vertalived.notifier.delivery.Attempt;
import io.vertalived.notifier.delivery.Delivery;
import io.vertalived.notifier.event.Events;
import io.vertx.core.Vertx;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.server.SMTPServer;
import org.subethamail.wiser.Wiser;
import org.subethamail.wiser.WiserMessage;

/**
 * keepalived's alert e-mails through a real SMTP server (subethasmtp's Wiser) on loopback: plain
 * as keepalived sends them; with STARTTLS and AUTH (vertalived_smtp); a refused recipient; a
 * server that is down, then up.
 */
class MailTransportTest {
  @TempDir
  Path dir;
  private Vertx vertx;
  private Wiser wiser;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (wiser != null) {
      wiser.stop();
    }
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private KeepalivedConfig config(int port, String extra) throws Exception {
    Path f = dir.resolve("k" + System.nanoTime() + ".conf");
    Files.writeString(f, "global_defs {\n router_id lb1\n notification_email {\n  ops@example.net\n  oncall@example.net\n }\n"
        + " notification_email_from lb1@example.net\n smtp_server localhost " + port + "\n smtp_helo_name lb1.example.net\n"
        + " smtp_connect_timeout 5\n}\n" + extra);
    var r = ConfigLoader.load(f, new ConfigLoader.Options("lb1", false, HostFacts.fixed(Set.of("eth0"), Set.of("root"), "lb1")));
    assertTrue(r.diagnostics().isEmpty(), r.diagnostics().toString());
    return r.config();
  }

  private Attempt send(KeepalivedConfig c) throws Exception {
    MailTransport t = new MailTransport(vertx, c.global(), c.notifier().smtp());
    try {
      return t.send(Delivery.of("0f1e2d3c-aaaa", Delivery.SMTP, Events.transition(7, "VI_1", "BACKUP", "MASTER", 150)))
          .await(30, TimeUnit.SECONDS);
    } finally {
      t.close().await(5, TimeUnit.SECONDS);
    }
  }

  private static SSLContext tls() throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = MailTransportTest.class.getResourceAsStream("/tls/smtp.p12")) {
      ks.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "changeit".toCharArray());
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(kmf.getKeyManagers(), null, null);
    return ssl;
  }

  @Test
  void aPlainAlertAsKeepalivedSendsIt() throws Exception {
    wiser = Wiser.port(0);
    wiser.start();
    Attempt a = send(config(wiser.getServer().getPortAllocated(), ""));
    assertInstanceOf(Attempt.Delivered.class, a, a.toString());
    assertEquals(2, wiser.getMessages().size(), "one per recipient envelope");
    WiserMessage m = wiser.getMessages().get(0);
    assertEquals("lb1@example.net", m.getEnvelopeSender());
    MimeMessage mime = m.getMimeMessage();
    assertEquals("[lb1] VRRP Instance VI_1 - Entering MASTER state", mime.getSubject());
    assertEquals("Keepalived", mime.getHeader("X-Mailer", null));
    assertEquals("[ops@example.net, oncall@example.net]",
        java.util.Arrays.toString(mime.getRecipients(jakarta.mail.Message.RecipientType.TO)));
    assertEquals(Events.T.getEpochSecond(), mime.getSentDate().toInstant().getEpochSecond(), "Date: the transition's");
    assertTrue(String.valueOf(mime.getContent()).startsWith("=> VRRP Instance is now owning VRRP VIPs <="), String.valueOf(mime.getContent()));
  }

  @Test
  void starttlsAndAuthFromVertalivedSmtp() throws Exception {
    wiser = Wiser.accepter((from, rcpt) -> true).server(SMTPServer.port(0).hostName("localhost").requireTLS()
        .startTlsSocketFactory(tls()).authenticationHandlerFactory(new EasyAuthenticationHandlerFactory((user, pass, ctx) -> {
          if (!user.equals("lb1") || !pass.equals("pa55")) {
            throw new LoginFailedException();
          }
        })).requireAuth());
    wiser.start();
    int port = wiser.getServer().getPortAllocated();
    String ca = MailTransportTest.class.getResource("/tls/cert.pem").getPath();
    String smtp = "vertalived_smtp {\n starttls required\n username lb1\n password %s\n ca_file " + ca + "\n}\n";
    assertInstanceOf(Attempt.Delivered.class, send(config(port, smtp.formatted("pa55"))));
    assertEquals(2, wiser.getMessages().size());
    Attempt.Failed wrong = (Attempt.Failed) send(config(port, smtp.formatted("wrong")));
    assertTrue(wrong.retryable(), "a refused login is retried (the operator fixes it with a reload)");
    assertTrue(wrong.reason().contains("535"), wrong.reason());
    assertFalse(wrong.reason().contains("wrong"), "never the password");
    Attempt.Failed plain = (Attempt.Failed) send(config(port, ""));
    assertTrue(plain.retryable(), plain.reason());
  }

  @Test
  void aRefusedRecipientIsSetAside() throws Exception {
    wiser = Wiser.accepter((from, rcpt) -> !rcpt.startsWith("oncall")).server(SMTPServer.port(0));
    wiser.start();
    Attempt.Failed f = (Attempt.Failed) send(config(wiser.getServer().getPortAllocated(), ""));
    assertFalse(f.retryable());
    assertTrue(f.reason().contains("553"), f.reason());
  }

  @Test
  void aServerThatIsDownIsRetriedAndTakesTheMailOnceUp() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Attempt.Failed down = (Attempt.Failed) send(config(port, ""));
    assertTrue(down.retryable());
    assertTrue(down.reason().startsWith("SMTP server [localhost]:" + port), down.reason());
    wiser = Wiser.port(port);
    wiser.start();
    assertInstanceOf(Attempt.Delivered.class, send(config(port, "")));
  }
}
