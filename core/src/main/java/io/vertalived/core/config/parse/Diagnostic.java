package io.vertalived.core.config.parse;

/**
 * One problem found in a configuration. {@code location} is null for post-parse checks, which
 * keepalived also prints without a line prefix.
 */
public record Diagnostic(ConfigErrorCategory category, SourceLocation location, String message) {

  /**
   * keepalived's {@code -t} line: {@code (FILE: Line N) message} with FILE as given on the
   * command line or as the include glob matched it, or the bare message.
   */
  public String render() {
    String text = printable(message);
    if (location == null) {
      return text;
    }
    return "(" + printable(location.file()) + ": Line " + location.line() + ") " + text;
  }

  /** Control characters as {@code \xHH}, and at most 300 characters of any one message. */
  static String printable(String s) {
    StringBuilder b = new StringBuilder(Math.min(s.length(), 320));
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
        b.append(String.format("\\x%02x", (int) c));
      } else {
        b.append(c);
      }
      if (b.length() > 300) {
        b.append("...");
        break;
      }
    }
    return b.toString();
  }
}
