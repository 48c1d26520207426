package io.vertalived.core.config.parse;

/**
 * A keyword lacked a word its handler reads: keepalived's {@code null_strvec()} reports it and
 * ends the process that reads the file with {@code KEEPALIVED_EXIT_CONFIG} (2), so nothing after
 * that line, and no check of the file as a whole, is reported. The loader stops the same way.
 */
public final class ConfigAborted extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ConfigAborted() {
    super(null, null, false, false);
  }
}
