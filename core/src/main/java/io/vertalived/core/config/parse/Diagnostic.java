package io.vertalived.core.config.parse;

/**
 * One problem found in a configuration. {@code location} is null for post-parse checks, which
 * keepalived also prints without a line prefix.
 */
public record Diagnostic(ConfigErrorCategory category, SourceLocation location, String message) {

  /** keepalived's {@code -t} line: {@code (FILE: Line N) message}, or the bare message. */
  public String render() {
    if (location == null) {
      return message;
    }
    return "(" + shortName(location.file()) + ": Line " + location.line() + ") " + message;
  }

  private static String shortName(String file) {
    int slash = file.lastIndexOf('/');
    return slash < 0 ? file : file.substring(slash + 1);
  }
}
