package io.vertalived.notifier;

import io.vertalived.core.config.model.KeepalivedConfig;
import io.vertalived.core.service.OnDemandService;
import io.vertalived.core.service.RunningService;
import io.vertalived.core.service.ServiceContext;
import io.vertalived.core.service.SuiteService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The {@code notifier} service: keepalived's e-mail alerts and vertalived's webhooks, delivered
 * at least once from the event journal (docs/notifier.md). It runs while the configuration has a
 * webhook or e-mail alerts (an {@code smtp_server} and a {@code notification_email}).
 */
public final class NotifierService implements SuiteService {
  @Override
  public String name() {
    return "notifier";
  }

  static boolean needed(KeepalivedConfig c) {
    return !c.notifier().webhooks().isEmpty() || c.global().smtpServer() != null && !c.global().notificationEmail().isEmpty();
  }

  @Override
  public Future<RunningService> start(Vertx vertx, ServiceContext context) {
    String version = NotifierService.class.getPackage().getImplementationVersion();
    StoreSettings settings = StoreSettings.of(System.getenv());
    return OnDemandService.start(vertx, name(), context, NotifierService::needed,
        c -> new NotifierVerticle(c, version == null ? "dev" : version, settings));
  }
}
