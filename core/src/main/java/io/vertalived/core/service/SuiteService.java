package io.vertalived.core.service;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * One service of the suite (vrrp, checker, ipvs, notifier, gateway). Each service module
 * registers an implementation through {@code META-INF/services}; the launcher starts the ones
 * selected with {@code --services}, {@code -P} or {@code -C}, reloads them together and stops
 * them in the reverse order.
 */
public interface SuiteService {
  /** The name used on the command line, e.g. {@code vrrp}. */
  String name();

  /**
   * Starts the service for a configuration; the future completes when it runs. A service whose
   * part of the configuration is empty still answers: a reload may give it something to do.
   */
  Future<RunningService> start(Vertx vertx, ServiceContext context);
}
