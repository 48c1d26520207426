package io.vertalived.core.config.model;

/** The global {@code SSL { }} block used by SSL_GET: key password, CA, certificate, key files. */
public record SslSettings(Secret password, String ca, String certificate, String key) {}
