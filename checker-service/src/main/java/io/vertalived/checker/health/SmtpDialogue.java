package io.vertalived.checker.health;

import java.nio.charset.StandardCharsets;

/**
 * The conversation of {@code SMTP_CHECK} (keepalived.conf(5) Virtual server(s)), pure: the server's banner must be 220, the
 * answer to {@code HELO name} 250, then we say {@code QUIT}. Multi-line replies
 * ({@code 250-...}) end with the line whose code is followed by a space. A reply line longer
 * than {@link #MAX_LINE} bytes, or more than {@link #MAX_REPLY} bytes in all, is a failure: a
 * server that floods us never costs more than that.
 */
final class SmtpDialogue {
  static final int MAX_LINE = 1024;
  static final int MAX_REPLY = 16 * 1024;

  /** What to do after the bytes just received. */
  sealed interface Step {}

  /** Nothing yet: wait for more. */
  record Wait() implements Step {}

  /** Send these bytes, then wait for the next reply. */
  record Send(byte[] bytes) implements Step {}

  /** Send QUIT and report up. */
  record Success(byte[] quit, String detail) implements Step {}

  record Failure(String reason) implements Step {}

  private final String heloName;
  private final StringBuilder line = new StringBuilder();
  private int received;
  private boolean heloSent;

  SmtpDialogue(String heloName) {
    this.heloName = heloName;
  }

  Step received(byte[] bytes) {
    received += bytes.length;
    if (received > MAX_REPLY) {
      return new Failure("SMTP server sent more than " + MAX_REPLY + " bytes without finishing its reply");
    }
    for (byte b : bytes) {
      char c = (char) (b & 0xff);
      if (c == '\n') {
        Step s = lineDone(line.toString().stripTrailing());
        line.setLength(0);
        if (!(s instanceof Wait)) {
          return s;
        }
      } else if (line.length() >= MAX_LINE) {
        return new Failure("SMTP reply line longer than " + MAX_LINE + " bytes");
      } else {
        line.append(c);
      }
    }
    return new Wait();
  }

  private Step lineDone(String l) {
    if (l.length() < 3 || !l.substring(0, 3).chars().allMatch(Character::isDigit)) {
      return new Failure("not an SMTP reply: '" + printable(l) + "'");
    }
    if (l.length() > 3 && l.charAt(3) == '-') {
      return new Wait();
    }
    String code = l.substring(0, 3);
    if (!heloSent) {
      if (!code.equals("220")) {
        return new Failure("SMTP banner " + code + ", not 220: '" + printable(l) + "'");
      }
      heloSent = true;
      received = 0;
      return new Send(("HELO " + heloName + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }
    if (!code.equals("250")) {
      return new Failure("SMTP HELO answered " + code + ", not 250: '" + printable(l) + "'");
    }
    return new Success("QUIT\r\n".getBytes(StandardCharsets.US_ASCII), "SMTP 220 and HELO 250");
  }

  private static String printable(String s) {
    String t = s.length() > 80 ? s.substring(0, 80) + "..." : s;
    return t.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
