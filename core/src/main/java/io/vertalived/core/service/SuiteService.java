package io.vertalived.core.service;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * One service of the suite (vrrp, checker, ipvs, notifier, gateway). Each service module
 * registers an implementation through {@code META-INF/services}; the launcher deploys the ones
 * selected with {@code --services}, {@code -P} or {@code -C}.
 */
public interface SuiteService {
  /** The name used on the command line, e.g. {@code vrrp}. */
  String name();

  /** Deploys the service's verticles; the future completes when it is running. */
  Future<?> deploy(Vertx vertx, ServiceContext context);
}
