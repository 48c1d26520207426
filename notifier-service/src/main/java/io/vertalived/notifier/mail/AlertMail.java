package io.vertalived.notifier.mail;

import io.vertalived.core.journal.PublishedEvent;

/**
 * An e-mail alert's subject and body as keepalived writes them (keepalived.conf(5) smtp_alert;
 * docs/notifier.md): {@code [router_id] VRRP Instance VI_1 - Entering MASTER state} with
 * {@code => VRRP Instance is now owning VRRP VIPs <=}, the group's and the real server's
 * likewise. Pure; null for an event keepalived does not mail.
 */
public record AlertMail(String subject, String body) {

  public static AlertMail of(PublishedEvent e) {
    return switch (e.type()) {
      case PublishedEvent.VRRP -> instance(e);
      case PublishedEvent.GROUP -> group(e);
      case PublishedEvent.REAL_SERVER -> realServer(e);
      default -> null;
    };
  }

  private static AlertMail instance(PublishedEvent e) {
    String body = switch (e.to()) {
      case "MASTER" -> "=> VRRP Instance is now owning VRRP VIPs <=";
      case "BACKUP", "FAULT" -> "=> VRRP Instance is no longer owning VRRP VIPs <=";
      case "STOP" -> "=> VRRP Instance stopping <=";
      case "DELETED" -> "=> VRRP Deleted at reload <=";
      default -> null;
    };
    return body == null ? null : new AlertMail("[" + e.node() + "] VRRP Instance " + e.subject() + " - " + entering(e.to()), body);
  }

  private static AlertMail group(PublishedEvent e) {
    String body = switch (e.to()) {
      case "MASTER", "BACKUP", "FAULT" -> "=> All VRRP group instances are now in " + e.to() + " state <=";
      case "STOP" -> "=> All VRRP group instances are now stopping <=";
      default -> null;
    };
    return body == null ? null : new AlertMail("[" + e.node() + "] VRRP Group " + e.subject() + " - " + entering(e.to()), body);
  }

  private static String entering(String state) {
    return switch (state) {
      case "STOP" -> "Stopping";
      case "DELETED" -> "Deleted";
      default -> "Entering " + state + " state";
    };
  }

  private static AlertMail realServer(PublishedEvent e) {
    boolean up = "UP".equals(e.to());
    String subject = "[" + e.node() + "] Realserver " + realServerTrio(e.virtualServer(), e.subject()) + " of virtual server "
        + e.virtualServer() + " - " + (up ? "UP" : "DOWN");
    return new AlertMail(subject, realServerBody(up, e.reason()));
  }

  /**
   * keepalived's FMT_RS: the real server's address in brackets, the virtual server's protocol,
   * the port ({@code [198.18.0.2]:tcp:80}); {@code none} under a firewall-mark virtual server.
   */
  static String realServerTrio(String virtualServer, String realServer) {
    String proto = "none";
    if (virtualServer != null && virtualServer.startsWith("[")) {
      int close = virtualServer.indexOf("]:");
      int next = close < 0 ? -1 : virtualServer.indexOf(':', close + 2);
      if (next > 0) {
        proto = virtualServer.substring(close + 2, next);
      }
    }
    int colon = realServer.lastIndexOf(':');
    if (colon < 0) {
      return "[" + realServer + "]:" + proto + ":0";
    }
    String host = realServer.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return "[" + host + "]:" + proto + ":" + realServer.substring(colon + 1);
  }

  /**
   * The body keepalived's checker of that type writes (the type read from the reason,
   * {@code VS/RS/TYPE#n: why}); a real server removed by a reload: {@code => Removing <=}.
   */
  static String realServerBody(boolean up, String reason) {
    if (reason != null && reason.startsWith("real server removed")) {
      return "=> Removing <=";
    }
    String type = checkerType(reason);
    String why = reason == null || reason.indexOf(": ") < 0 ? "" : reason.substring(reason.indexOf(": ") + 2);
    return switch (type) {
      case "TCP_CHECK" -> "=> TCP CHECK " + (up ? "succeed" : "failed") + " on service <=";
      case "UDP_CHECK" -> "=> UDP CHECK " + (up ? "succeed" : "failed") + " on service <=";
      case "PING_CHECK" -> "=> ICMP CHECK " + (up ? "succeed" : "failed") + " on service <=";
      case "DNS_CHECK" -> "=> DNS_CHECK: " + (up ? "succeed" : "failed") + " on service <=";
      case "MISC_CHECK" -> "=> MISC CHECK " + (up ? "succeeded" : why.contains("timed out") ? "timed out" : "failed")
          + " on service <=";
      case "SMTP_CHECK" -> up ? "=> CHECK succeed on service <=" : why.isEmpty() ? "=> CHECK failed on service <="
          : "=> CHECK failed on service : " + why + " <=";
      case "HTTP_GET", "SSL_GET" -> up ? "=> CHECK succeed on service <=" : "=> CHECK failed on service : HTTP request failed <=";
      default -> up ? "=> CHECK succeed on service <=" : "=> CHECK failed on service <=";
    };
  }

  private static String checkerType(String reason) {
    if (reason == null) {
      return "";
    }
    int colon = reason.indexOf(": ");
    String id = colon < 0 ? reason : reason.substring(0, colon);
    int hash = id.lastIndexOf('#');
    int slash = id.lastIndexOf('/', hash < 0 ? id.length() : hash);
    return hash > slash && slash >= 0 ? id.substring(slash + 1, hash) : "";
  }
}
