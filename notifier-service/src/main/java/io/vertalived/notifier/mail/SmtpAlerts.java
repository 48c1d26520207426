package io.vertalived.notifier.mail;

import io.vertalived.core.config.model.GlobalDefs;
import io.vertalived.core.config.model.KeepalivedConfig;
import io.vertalived.core.config.model.RealServer;
import io.vertalived.core.config.model.VirtualServer;
import io.vertalived.core.config.model.VrrpInstance;
import io.vertalived.core.config.model.VrrpSyncGroup;
import io.vertalived.core.journal.PublishedEvent;
import java.util.HashMap;
import java.util.Map;

/**
 * Which events make an e-mail, as keepalived decides (keepalived.conf(5) smtp_alert,
 * no_email_faults; docs/notifier.md): none without {@code smtp_server} and a
 * {@code notification_email}; an instance's or group's own {@code smtp_alert} (its default
 * already resolved in the model from smtp_alert_vrrp and smtp_alert), a real server's likewise;
 * no FAULT with {@code no_email_faults}; a removed instance without {@code notify_deleted} is
 * mailed as FAULT; the same state twice in a row is mailed once. The instances and servers are
 * looked up by name in the notifier's configuration; one it does not have follows the global
 * defaults. Keeps the last state mailed per instance and group, in journal order.
 */
public final class SmtpAlerts {
  private final Map<String, String> lastMailed = new HashMap<>();

  /** The event as it is mailed (a DELETED instance may become FAULT), or null for no mail. */
  public PublishedEvent mailed(KeepalivedConfig c, PublishedEvent e) {
    GlobalDefs g = c.global();
    if (g.smtpServer() == null || g.notificationEmail().isEmpty()) {
      return null;
    }
    return switch (e.type()) {
      case PublishedEvent.VRRP -> vrrp(c, e, instanceAlert(c, e.subject()), "i:" + e.subject(), notifyDeleted(c, e.subject()));
      case PublishedEvent.GROUP -> vrrp(c, e, groupAlert(c, e.subject()), "g:" + e.subject(), true);
      case PublishedEvent.REAL_SERVER -> realServerAlert(c, e) ? e : null;
      default -> null;
    };
  }

  private PublishedEvent vrrp(KeepalivedConfig c, PublishedEvent e, boolean alert, String key, boolean deletedAsSuch) {
    PublishedEvent m = e;
    if ("DELETED".equals(e.to()) && !deletedAsSuch) {
      m = new PublishedEvent(e.id(), e.type(), e.node(), e.timestamp(), e.subject(), e.virtualServer(), e.from(), "FAULT",
          e.priority(), e.reason());
    }
    if (!alert || "INIT".equals(m.to()) || c.global().noEmailFaults() && "FAULT".equals(m.to())) {
      // keepalived: a FAULT left unmailed does not count as the last state mailed
      return null;
    }
    if (m.to().equals(lastMailed.put(key, m.to()))) {
      return null;
    }
    return m;
  }

  private static boolean instanceAlert(KeepalivedConfig c, String name) {
    for (VrrpInstance vi : c.vrrpInstances()) {
      if (vi.name().equals(name)) {
        return vi.smtpAlert();
      }
    }
    return vrrpDefault(c.global());
  }

  private static boolean notifyDeleted(KeepalivedConfig c, String name) {
    for (VrrpInstance vi : c.vrrpInstances()) {
      if (vi.name().equals(name)) {
        return vi.notifyScripts().deleted() != null;
      }
    }
    return false;
  }

  private static boolean groupAlert(KeepalivedConfig c, String name) {
    for (VrrpSyncGroup sg : c.syncGroups()) {
      if (sg.name().equals(name)) {
        return sg.smtpAlert() != null ? sg.smtpAlert() : vrrpDefault(c.global());
      }
    }
    return vrrpDefault(c.global());
  }

  private static boolean vrrpDefault(GlobalDefs g) {
    return g.smtpAlertVrrp() != null ? g.smtpAlertVrrp() : g.smtpAlert() != null && g.smtpAlert();
  }

  private static boolean realServerAlert(KeepalivedConfig c, PublishedEvent e) {
    for (VirtualServer vs : c.virtualServers()) {
      if (vs.label().equals(e.virtualServer())) {
        for (RealServer rs : vs.realServers()) {
          if (rs.endpoint().equals(e.subject())) {
            return rs.smtpAlert();
          }
        }
      }
    }
    GlobalDefs g = c.global();
    return g.smtpAlertChecker() != null ? g.smtpAlertChecker() : g.smtpAlert() == null || g.smtpAlert();
  }
}
