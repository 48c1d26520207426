package io.vertalived.notifier.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertalived.core.config.ConfigLoader;
import io.vertalived.core.config.keywords.HostFacts;
import io.vertalived.core.config.model.KeepalivedConfig;
import io.vertalived.notifier.event.Events;
import io.vertalived.core.journal.PublishedEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** keepalived's rules for which transitions are mailed. */
class SmtpAlertsTest {
  @TempDir
  Path dir;

  private KeepalivedConfig config(String global, String rest) throws Exception {
    Path f = dir.resolve("k" + System.nanoTime() + ".conf");
    Files.writeString(f, "global_defs {\n router_id lb1\n" + global + "}\n" + rest);
    var r = ConfigLoader.load(f, new ConfigLoader.Options("lb1", false, HostFacts.fixed(Set.of("eth0"), Set.of("root"), "lb1")));
    assertNotNull(r.config(), r.diagnostics().toString());
    return r.config();
  }

  private static final String MAIL = " notification_email {\n  ops@example.net\n }\n smtp_server 127.0.0.1\n";
  private static final String VI = "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n priority 100\n"
      + " virtual_ipaddress {\n  198.18.0.10\n }\n%s}\n";

  @Test
  void nothingWithoutAServerAndARecipient() throws Exception {
    SmtpAlerts a = new SmtpAlerts();
    assertNull(a.mailed(config(" smtp_alert\n smtp_server 127.0.0.1\n", VI.formatted("")), Events.transition(1, "VI_1", "BACKUP", "MASTER", 100)));
    assertNull(a.mailed(config(" smtp_alert\n notification_email {\n  ops@example.net\n }\n", VI.formatted("")),
        Events.transition(1, "VI_1", "BACKUP", "MASTER", 100)));
  }

  @Test
  void anInstanceAlertsByItsOwnSettingOrTheVrrpDefaults() throws Exception {
    PublishedEvent master = Events.transition(1, "VI_1", "BACKUP", "MASTER", 100);
    assertNull(new SmtpAlerts().mailed(config(MAIL, VI.formatted("")), master), "default: no");
    assertEquals(master, new SmtpAlerts().mailed(config(MAIL + " smtp_alert\n", VI.formatted("")), master));
    assertNull(new SmtpAlerts().mailed(config(MAIL + " smtp_alert\n smtp_alert_vrrp off\n", VI.formatted("")), master));
    assertEquals(master, new SmtpAlerts().mailed(config(MAIL, VI.formatted(" smtp_alert\n")), master));
  }

  @Test
  void faultsDeletionsAndRepeats() throws Exception {
    KeepalivedConfig c = config(MAIL + " smtp_alert\n no_email_faults\n", VI.formatted(""));
    SmtpAlerts a = new SmtpAlerts();
    assertNotNull(a.mailed(c, Events.transition(1, "VI_1", "INIT", "BACKUP", 100)));
    assertNull(a.mailed(c, Events.transition(2, "VI_1", "BACKUP", "FAULT", 100)), "no_email_faults");
    assertNull(a.mailed(c, Events.transition(3, "VI_1", "FAULT", "BACKUP", 100)), "keepalived: BACKUP was the last mailed");
    assertNotNull(a.mailed(c, Events.transition(4, "VI_1", "BACKUP", "MASTER", 100)));
    KeepalivedConfig faults = config(MAIL + " smtp_alert\n", VI.formatted(""));
    PublishedEvent deleted = new SmtpAlerts().mailed(faults, Events.transition(5, "VI_1", "MASTER", "DELETED", 100));
    assertEquals("FAULT", deleted.to(), "without notify_deleted keepalived reports a removed instance as FAULT");
  }

  @Test
  void realServersAlertByDefault() throws Exception {
    PublishedEvent down = Events.realServer(1, "[198.18.0.1]:tcp:80", "198.18.0.2:80", false);
    assertEquals(down, new SmtpAlerts().mailed(config(MAIL, ""), down));
    assertNull(new SmtpAlerts().mailed(config(MAIL + " smtp_alert_checker off\n", ""), down));
  }
}
