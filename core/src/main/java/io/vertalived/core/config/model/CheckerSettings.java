package io.vertalived.core.config.model;

/**
 * The settings every checker shares (keepalived.conf(5) Virtual server(s)), resolved: a checker's own value, else its real
 * server's, else its virtual server's, else the checker type's default. Times in seconds.
 */
public record CheckerSettings(
    IpAddress connectIp,
    int connectPort,
    IpAddress bindTo,
    String bindInterface,
    int bindPort,
    int fwmark,
    double connectTimeout,
    int retry,
    double delayBeforeRetry,
    double warmup,
    double delayLoop,
    boolean alpha,
    boolean logAllFailures) {}
