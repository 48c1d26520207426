package io.vertalived.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertalived.core.config.model.SmtpSecurity;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** vertalived_webhook and vertalived_smtp as -t checks them: what is removed, refused or warned about, and why. */
class NotifierConfigTest {
  @TempDir
  Path dir;

  @Test
  void unusableWebhooksAreRemovedWithTheReason() {
    var r = new Configs(dir).load("vertalived_webhook a {\n url ftp://h/x\n secret s\n}\n"
        + "vertalived_webhook b {\n url https://h/x\n}\n"
        + "vertalived_webhook c {\n secret s\n}\n"
        + "vertalived_webhook smtp {\n url https://h/x\n secret s\n}\n"
        + "vertalived_webhook d {\n url https://h/x\n secret s\n header Host evil\n header X-Ok yes\n}\n"
        + "vertalived_webhook d {\n url https://h/y\n secret s\n}\n");
    assertEquals(List.of(
        "vertalived_webhook a: url scheme 'ftp' is not http or https - removing",
        "vertalived_webhook b: no secret (every request is signed with it) - removing",
        "vertalived_webhook c: no url - removing",
        "vertalived_webhook smtp: the name smtp is the e-mail alerts' - ignoring this webhook",
        "vertalived_webhook d: header Host is set by vertalived and cannot be configured",
        "vertalived_webhook d already defined - ignoring this one"), Configs.messages(r));
    assertEquals(5, r.exitCode());
    assertEquals(List.of("d"), r.config().notifier().webhooks().stream().map(w -> w.name()).toList());
    assertEquals("https://h/x", r.config().notifier().webhooks().get(0).url().value(), "the first d stays");
  }

  @Test
  void instancesThatNameNothingHereAreAWarning() {
    var r = new Configs(dir).load(Configs.instance("") + "vertalived_webhook a {\n url https://h/x\n secret s\n"
        + " instances VI_1 VI_9\n}\n");
    assertEquals(List.of("vertalived_webhook a: instances names 'VI_9', which is no vrrp_instance, vrrp_sync_group, virtual or"
        + " real server here"), Configs.messages(r).stream().filter(m -> m.startsWith("vertalived")).toList());
  }

  @Test
  void smtpAuthNeedsBothAndWarnsWithoutStarttls() {
    var r = new Configs(dir).load("global_defs {\n smtp_password pw\n}\nvertalived_smtp {\n username lb1\n}\n");
    assertEquals(List.of("vertalived_smtp: SMTP AUTH without starttls sends the password in clear text"), Configs.messages(r));
    assertEquals("pw", r.config().notifier().smtp().password().value(), "global_defs smtp_password");
    var alone = new Configs(dir).load("vertalived_smtp {\n username lb1\n starttls required\n}\n");
    assertEquals(List.of("vertalived_smtp: username lb1 has no password - SMTP AUTH disabled"), Configs.messages(alone));
    assertEquals(SmtpSecurity.StartTls.REQUIRED, alone.config().notifier().smtp().starttls());
    assertEquals(null, alone.config().notifier().smtp().username());
  }
}
