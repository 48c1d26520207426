package io.vertalived.core.config.parse;

/**
 * keepalived's {@code config_err_t}, in its order. keepalived keeps the numerically highest
 * category reported; {@link #exitCode()} maps that to the {@code -t} exit status (keepalived(8) -t, Exit status).
 */
public enum ConfigErrorCategory {
  /** Reported but never an error: keepalived 2.2.7 exits 0 for these (e.g. a missing include). */
  NOTICE,
  FILE_NOT_FOUND,
  BAD_IF,
  FATAL,
  MULTIPLE_FILES,
  UNEXPECTED_BOB,
  MISSING_BOB,
  UNMATCHED_QUOTE,
  MISSING_EOB,
  UNEXPECTED_EOB,
  MISSING_PARAMETER,
  UNKNOWN_KEYWORD,
  INVALID_NUMBER,
  GENERAL_ERROR,
  WARNING,
  SECURITY_ERROR;

  /** Exit status of {@code vertalived -t} when this is the highest category seen. */
  public int exitCode() {
    return switch (this) {
      case SECURITY_ERROR -> 6;
      case NOTICE -> 0;
      case FILE_NOT_FOUND, FATAL -> 4;
      default -> 5;
    };
  }
}
