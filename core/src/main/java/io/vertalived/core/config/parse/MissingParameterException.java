package io.vertalived.core.config.parse;

/** A keyword line lacks a required word; the parser reports it and stops ({@link ConfigAborted}). */
final class MissingParameterException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  MissingParameterException() {
    super(null, null, false, false);
  }
}
