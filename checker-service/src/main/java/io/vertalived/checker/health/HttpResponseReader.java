package io.vertalived.checker.health;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Reads one HTTP/1.x response as it arrives, pure and bounded (RFC 9112): the status line and
 * headers (at most {@link #MAX_HEAD} bytes), then, when the check needs it, the body, delimited
 * by Content-Length, chunked coding or the end of the connection, with its MD5 computed as it
 * streams (constant memory) and at most {@link #MAX_KEPT} bytes kept for a regex. A body longer
 * than {@link #MAX_BODY} bytes is a failure. Not thread-safe; one response per reader.
 */
final class HttpResponseReader {
  static final int MAX_HEAD = 16 * 1024;
  static final long MAX_BODY = 64L * 1024 * 1024;
  static final int MAX_KEPT = 1024 * 1024;

  /**
   * The response as far as the check cares; {@code failure} non-null when it is not HTTP; {@code md5} only when the
   * body was read, {@code kept} only when kept.
   */
  record Response(int status, String md5, String kept, String failure) {}

  private enum Phase { HEAD, BODY_LENGTH, CHUNK_SIZE, CHUNK_DATA, CHUNK_DATA_END, TRAILER, BODY_TO_CLOSE, DONE }

  private final boolean needBody;
  private final boolean keep;
  /** Made when a body is read: a check that needs none does not pay for it. */
  private MessageDigest md5;
  /** The body kept for a regex; null when none is kept. */
  private final StringBuilder kept;
  private final StringBuilder line = new StringBuilder(64);
  private Phase phase = Phase.HEAD;
  private int headBytes;
  private int status = -1;
  private long contentLength = -1;
  private boolean chunked;
  private long remaining;
  private long bodyBytes;

  HttpResponseReader(boolean needBody, boolean keepForRegex) {
    this.needBody = needBody;
    this.keep = keepForRegex;
    this.kept = keepForRegex ? new StringBuilder() : null;
  }

  private MessageDigest md5() {
    if (md5 == null) {
      try {
        md5 = MessageDigest.getInstance("MD5");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
    return md5;
  }

  /** A response that is not one: {@code why}. */
  static Response failed(String why) {
    return new Response(-1, null, null, why);
  }

  /** Feeds received bytes; returns the response once complete, else null. */
  Response received(byte[] b) {
    return received(b, 0, b.length);
  }

  /** Feeds {@code length} received bytes of {@code b} from {@code offset}; the response once complete, else null. */
  Response received(byte[] b, int offset, int length) {
    int i = offset;
    int end = offset + length;
    while (i < end && phase != Phase.DONE) {
      switch (phase) {
        case HEAD, CHUNK_SIZE, CHUNK_DATA_END, TRAILER -> {
          char c = (char) (b[i++] & 0xff);
          if (phase == Phase.HEAD && ++headBytes > MAX_HEAD) {
            return fail("HTTP response head longer than " + MAX_HEAD + " bytes");
          }
          if (c == '\n') {
            Response r = lineEnded();
            line.setLength(0);
            if (r != null) {
              return r;
            }
          } else if (line.length() < MAX_HEAD) {
            line.append(c);
          } else {
            return fail("HTTP line longer than " + MAX_HEAD + " bytes");
          }
        }
        case BODY_LENGTH, CHUNK_DATA -> {
          int n = (int) Math.min(remaining, end - i);
          Response r = body(b, i, n);
          if (r != null) {
            return r;
          }
          i += n;
          remaining -= n;
          if (remaining == 0) {
            if (phase == Phase.BODY_LENGTH) {
              return done();
            }
            phase = Phase.CHUNK_DATA_END;
          }
        }
        case BODY_TO_CLOSE -> {
          Response r = body(b, i, end - i);
          if (r != null) {
            return r;
          }
          i = end;
        }
        default -> i = end;
      }
    }
    return null;
  }

  /** The connection ended: complete for a body that runs to the close, else a failure. */
  Response ended() {
    if (phase == Phase.BODY_TO_CLOSE) {
      return done();
    }
    if (phase == Phase.DONE) {
      return null;
    }
    return fail(status < 0 ? "connection closed before an HTTP status line" : "connection closed in the middle of the body");
  }

  /**
   * A line ended: without its trailing white space, to {@link #lineDone}; a header the reader has no use for is
   * skipped without becoming a String (this runs for every header of every check).
   */
  private Response lineEnded() {
    int n = line.length();
    while (n > 0 && line.charAt(n - 1) <= ' ') {
      n--;
    }
    line.setLength(n);
    if (phase == Phase.HEAD && status >= 0 && n > 0 && "cCtT".indexOf(line.charAt(0)) < 0) {
      return null; // neither Content-Length nor Transfer-Encoding
    }
    return lineDone(line.toString());
  }

  private Response lineDone(String l) {
    switch (phase) {
      case HEAD -> {
        if (status < 0) {
          if (!l.startsWith("HTTP/1.") || l.length() < 12 || !isDigit(l.charAt(9)) || !isDigit(l.charAt(10))
              || !isDigit(l.charAt(11))) {
            return fail("not an HTTP status line: '" + printable(l) + "'");
          }
          status = Integer.parseInt(l.substring(9, 12));
          return null;
        }
        if (!l.isEmpty()) {
          header(l);
          return null;
        }
        if (!needBody) {
          return done();
        }
        if (chunked) {
          phase = Phase.CHUNK_SIZE;
        } else if (contentLength >= 0) {
          if (contentLength > MAX_BODY) {
            return fail("HTTP body of " + contentLength + " bytes is larger than " + MAX_BODY);
          }
          remaining = contentLength;
          phase = Phase.BODY_LENGTH;
          return contentLength == 0 ? done() : null;
        } else {
          phase = Phase.BODY_TO_CLOSE;
        }
        return null;
      }
      case CHUNK_SIZE -> {
        String hex = l.split(";", 2)[0].trim();
        try {
          remaining = Long.parseLong(hex, 16);
        } catch (NumberFormatException e) {
          return fail("bad chunk size '" + printable(hex) + "'");
        }
        if (remaining < 0) {
          return fail("bad chunk size '" + printable(hex) + "'");
        }
        phase = remaining == 0 ? Phase.TRAILER : Phase.CHUNK_DATA;
        return null;
      }
      case CHUNK_DATA_END -> {
        phase = Phase.CHUNK_SIZE;
        return null;
      }
      case TRAILER -> {
        return l.isEmpty() ? done() : null;
      }
      default -> {
        return null;
      }
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private void header(String l) {
    int colon = l.indexOf(':');
    if (colon < 0) {
      return;
    }
    String name = l.substring(0, colon).trim().toLowerCase(Locale.ROOT);
    String value = l.substring(colon + 1).trim();
    if (name.equals("content-length")) {
      try {
        contentLength = Long.parseLong(value);
      } catch (NumberFormatException e) {
        contentLength = -1;
      }
    } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
      chunked = true;
    }
  }

  private Response body(byte[] b, int off, int n) {
    bodyBytes += n;
    if (bodyBytes > MAX_BODY) {
      return fail("HTTP body larger than " + MAX_BODY + " bytes");
    }
    md5().update(b, off, n);
    if (keep && kept.length() < MAX_KEPT) {
      kept.append(new String(b, off, Math.min(n, MAX_KEPT - kept.length()), StandardCharsets.ISO_8859_1));
    }
    return null;
  }

  private Response done() {
    phase = Phase.DONE;
    return new Response(status, needBody ? HexFormat.of().formatHex(md5().digest()) : null, keep ? kept.toString() : null,
        null);
  }

  private Response fail(String why) {
    phase = Phase.DONE;
    return new Response(status, null, null, why);
  }

  static String printable(String s) {
    String t = s.length() > 80 ? s.substring(0, 80) + "..." : s;
    return t.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
