package io.vertalived.core.config.parse;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The words of one keyword line with keepalived's readers for them: numbers, timers and
 * booleans are checked and reported exactly as keepalived's {@code read_*} functions do.
 */
public final class Args {
  private final LogicalLine line;
  private final Diagnostics diag;

  Args(LogicalLine line, Diagnostics diag) {
    this.line = line;
    this.diag = diag;
  }

  public SourceLocation location() {
    return line.location();
  }

  public Diagnostics diag() {
    return diag;
  }

  public List<String> words() {
    return line.tokens();
  }

  public int size() {
    return line.tokens().size();
  }

  public boolean has(int i) {
    return i < size();
  }

  public String keyword() {
    return line.tokens().get(0);
  }

  /** Word {@code i}, or the keepalived "missing a parameter" error (the keyword is skipped). */
  public String get(int i) {
    if (i >= size()) {
      String first = line.tokens().get(0);
      String before = line.tokens().get(Math.min(i, size()) - 1);
      diag.error(ConfigErrorCategory.MISSING_PARAMETER,
          "*** Configuration line starting `" + first + "` is missing a parameter after keyword `"
              + before + "` at word position " + (i + 1));
      throw new MissingParameterException();
    }
    return line.tokens().get(i);
  }

  public Optional<String> opt(int i) {
    return i < size() ? Optional.of(line.tokens().get(i)) : Optional.empty();
  }

  /** Words from {@code from} to the end joined by single spaces. */
  public String rest(int from) {
    return from >= size() ? "" : String.join(" ", line.tokens().subList(from, size()));
  }

  /**
   * keepalived's handlers that check their value themselves ({@code vector_size(strvec) < 2}):
   * true, with {@code message} reported, when the keyword has no value; the reading goes on.
   */
  public boolean missing(String message) {
    if (size() >= 2) {
      return false;
    }
    if (message != null) {
      error(message);
    }
    return true;
  }

  /** Thrown by {@link #skipBlock}: the parser skips the block this line opens. */
  static final class SkipBlock extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SkipBlock() {
      super(null, null, false, false);
    }
  }

  /**
   * Reports {@code message} and skips the block this keyword opens, as keepalived's handlers do
   * with {@code skip_block(true)} (an instance without a name, a server with an invalid address).
   */
  public void skipBlock(String message) {
    diag.error(ConfigErrorCategory.GENERAL_ERROR, message);
    throw new SkipBlock();
  }

  /**
   * Whether a script keyword's line gives no script: keepalived splits such a line again with its
   * quotes and escapes (alloc_strvec_quoted_escaped()), so an unterminated quote there is reported
   * ({@code String 'LINE': missing terminating "}) and sets nothing, and a line without a value
   * sets nothing either, without ending the reading as a missing parameter would.
   */
  public boolean scriptMissing() {
    return scriptMissing(true);
  }

  /**
   * As {@link #scriptMissing()}; {@code required}: a line without a value ends the reading as a missing
   * parameter (the notify keywords read word 1 first), else it sets nothing (vrrp_script's and
   * MISC_CHECK's {@code script}/{@code misc_path} are then removed with their own message).
   */
  public boolean scriptMissing(boolean required) {
    String raw = line.raw();
    if (raw != null) {
      char open = 0;
      for (int i = 0; i < raw.length(); i++) {
        char c = raw.charAt(i);
        if (c == '\\') {
          i++; // an escaped character, in quotes or not
        } else if (open == 0 && (c == '"' || c == '\'') && i + 1 < raw.length()) {
          open = c; // (a quote that ends the line opens nothing there: keepalived sets the script)
        } else if (c == open) {
          open = 0;
        }
      }
      if (open != 0) {
        diag.error(ConfigErrorCategory.UNMATCHED_QUOTE, "String '" + raw.strip() + "': missing terminating " + open);
        return true;
      }
    }
    if (required) {
      get(1);
    }
    return size() < 2;
  }

  public void error(String message) {
    diag.error(ConfigErrorCategory.GENERAL_ERROR, message);
  }

  public void warn(String message) {
    diag.error(ConfigErrorCategory.WARNING, message);
  }

  // ---- numbers, as keepalived's read_int / read_unsigned / read_double ----

  public OptionalLong integer(int i, long min, long max) {
    return integerWord(get(i), min, max);
  }

  public OptionalLong integerWord(String word, long min, long max) {
    String w = word.strip();
    long v;
    try {
      v = Long.parseLong(w.startsWith("+") ? w.substring(1) : w);
    } catch (NumberFormatException e) {
      if (w.matches("[-+]?\\d+")) {
        diag.error(ConfigErrorCategory.INVALID_NUMBER, "number '" + word + "' outside integer range");
      } else {
        diag.error(ConfigErrorCategory.INVALID_NUMBER, "invalid number '" + word + "'");
      }
      return OptionalLong.empty();
    }
    if (v < min || v > max) {
      diag.error(ConfigErrorCategory.INVALID_NUMBER,
          "number '" + word + "' outside range [" + min + ", " + max + "]");
      return OptionalLong.empty();
    }
    return OptionalLong.of(v);
  }

  /** An unsigned number: a leading '-' is its own error, as keepalived's read_unsigned. */
  public OptionalLong unsigned(int i, long min, long max) {
    return unsignedWord(get(i), min, max);
  }

  /** A word read as keepalived's read_unsigned() reads it (strtoul, base 10), with its messages. */
  public OptionalLong unsignedWord(String w, long min, long max) {
    if (w.strip().startsWith("-")) {
      diag.error(ConfigErrorCategory.INVALID_NUMBER, "negative number '" + w + "'");
      return OptionalLong.empty();
    }
    return integerWord(w, min, max);
  }

  public OptionalDouble decimal(int i, double min, double max) {
    return decimalWord(get(i), min, max);
  }

  public OptionalDouble decimalWord(String word, double min, double max) {
    double v;
    try {
      String w = word.strip();
      if (w.isEmpty() || !w.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?|[-+]?0[xX][0-9a-fA-F]+")) {
        throw new NumberFormatException();
      }
      v = w.toLowerCase(Locale.ROOT).contains("x") ? Long.decode(w) : Double.parseDouble(w);
    } catch (NumberFormatException e) {
      diag.error(ConfigErrorCategory.INVALID_NUMBER, "invalid number '" + word + "'");
      return OptionalDouble.empty();
    }
    if (v < min || v > max) {
      diag.error(ConfigErrorCategory.INVALID_NUMBER, String.format(Locale.ROOT,
          "number '%s' outside range [%f, %f]", word, min, max));
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(v);
  }

  /** A TIMER in seconds (µs resolution); keepalived's TIMER_MAXIMUM is 4294.967295 s. */
  public OptionalDouble timer(int i, double min, double max) {
    return timerWord(get(i), Math.round(min * 1e6), Math.round(max * 1e6));
  }

  /** keepalived's read_timer() with max_time 0: up to TIMER_MAXIMUM (ULONG_MAX - 1 microseconds). */
  public OptionalDouble timer(int i, double min) {
    return timerWord(get(i), Math.round(min * 1e6), -2L);
  }

  /**
   * keepalived's read_timer(): read_decimal_unsigned_long_func() with six decimal places and
   * ignore_error set, as every timer keyword calls it — the decimal point removed and zeros added,
   * then strtoull(); an invalid word is reported but its leading digits still count when they are
   * in range ({@code 5x} is 5 s with an "invalid number" line), as keepalived does.
   */
  OptionalDouble timerWord(String param, long minMicros, long maxMicros) {
    if (param.startsWith("-")) {
      diag.error(ConfigErrorCategory.INVALID_NUMBER, "negative number '" + param + "'");
      return OptionalDouble.empty();
    }
    int dp = param.indexOf('.');
    int places = dp >= 0 ? param.length() - dp - 1 : 0;
    boolean roundUp = false;
    if (places > 6) {
      diag.error(ConfigErrorCategory.INVALID_NUMBER, "number '" + param + "' has too many decimal places");
      roundUp = param.charAt(dp + 7) >= '5';
      places = 6;
    }
    String digits = (dp >= 0 ? param.substring(0, dp) + param.substring(dp + 1, dp + 1 + places) : param)
        + "0".repeat(6 - places);
    // strtoull(digits, &end, 10): blanks, a sign, then digits; the rest must be empty
    int at = 0;
    while (at < digits.length() && " \t\n\r\f\u000b".indexOf(digits.charAt(at)) >= 0) {
      at++;
    }
    boolean minus = at < digits.length() && digits.charAt(at) == '-';
    if (at < digits.length() && (digits.charAt(at) == '+' || minus)) {
      at++;
    }
    int first = at;
    java.math.BigInteger value = java.math.BigInteger.ZERO;
    while (at < digits.length() && Character.isDigit(digits.charAt(at)) && digits.charAt(at) < 128) {
      value = value.multiply(java.math.BigInteger.TEN).add(java.math.BigInteger.valueOf(digits.charAt(at) - '0'));
      at++;
    }
    // without digits strtoull() ends where it began: valid only for an empty word
    boolean valid = at == first ? digits.isEmpty() : at == digits.length();
    if (roundUp) {
      value = value.add(java.math.BigInteger.ONE);
    }
    if (minus) {
      value = java.math.BigInteger.ONE.shiftLeft(64).subtract(value).mod(java.math.BigInteger.ONE.shiftLeft(64));
    }
    boolean overflow = value.bitLength() > 64;
    long v = value.longValue();
    boolean inRange = !overflow && Long.compareUnsigned(v, minMicros) >= 0 && Long.compareUnsigned(v, maxMicros) <= 0;
    if (!valid) {
      diag.error(ConfigErrorCategory.INVALID_NUMBER, "invalid number '" + param + "'");
    } else if (overflow) {
      diag.error(ConfigErrorCategory.INVALID_NUMBER, "number '" + param + "' outside unsigned decimal range");
      return OptionalDouble.empty();
    } else if (!inRange) {
      diag.error(ConfigErrorCategory.INVALID_NUMBER, String.format(Locale.ROOT, "number '%s' outside range [%s.%06d, %s.%06d]",
          param, Long.toUnsignedString(Long.divideUnsigned(minMicros, 1_000_000)), Long.remainderUnsigned(minMicros, 1_000_000),
          Long.toUnsignedString(Long.divideUnsigned(maxMicros, 1_000_000)), Long.remainderUnsigned(maxMicros, 1_000_000)));
    } else {
      return OptionalDouble.of(unsignedMicros(v));
    }
    return inRange ? OptionalDouble.of(unsignedMicros(v)) : OptionalDouble.empty();
  }

  private static double unsignedMicros(long v) {
    return (v >= 0 ? v : Math.scalb((double) (v >>> 1), 1)) / 1e6;
  }

  /** A BOOL word: {@code on|off|true|false|yes|no}; a missing word means true. */
  public Optional<Boolean> bool(int i, String what) {
    if (i >= size()) {
      return Optional.of(Boolean.TRUE);
    }
    Boolean b = parseBool(get(i));
    if (b == null) {
      error("Invalid value '" + get(i) + "' for " + what + " specified");
      return Optional.empty();
    }
    return Optional.of(b);
  }

  /** A BOOL word whose invalid value is reported with {@code message} (keepalived's per-block texts). */
  public Optional<Boolean> bool(int i, java.util.function.Supplier<String> message) {
    if (i >= size()) {
      return Optional.of(Boolean.TRUE);
    }
    Boolean b = parseBool(get(i));
    if (b == null) {
      error(message.get());
      return Optional.empty();
    }
    return Optional.of(b);
  }

  static Boolean parseBool(String s) {
    return switch (s) {
      case "true", "on", "yes" -> Boolean.TRUE;
      case "false", "off", "no" -> Boolean.FALSE;
      default -> null;
    };
  }
}
