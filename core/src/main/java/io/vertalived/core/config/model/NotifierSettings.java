package io.vertalived.core.config.model;

import java.util.List;

/** vertalived's notifier extensions of keepalived.conf: webhooks and SMTP security (docs/notifier.md). */
public record NotifierSettings(List<Webhook> webhooks, SmtpSecurity smtp) {
  public static final NotifierSettings NONE = new NotifierSettings(List.of(), SmtpSecurity.NONE);

  public NotifierSettings {
    webhooks = List.copyOf(webhooks);
  }
}
