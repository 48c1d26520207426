package io.vertalived.core.config.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a logical line into words (keepalived.conf(5) PARAMETER SYNTAX): whitespace separates, {@code "..."} and
 * {@code '...'} group (quotes stripped), and shell-style escapes {@code \n \t \xHH \nnn \cC}
 * are decoded.
 */
final class Tokenizer {
  private Tokenizer() {}

  static List<String> split(String line) {
    List<String> words = new ArrayList<>();
    int i = 0;
    int n = line.length();
    while (i < n) {
      while (i < n && isBlank(line.charAt(i))) {
        i++;
      }
      if (i >= n) {
        break;
      }
      StringBuilder word = new StringBuilder();
      char quote = 0;
      while (i < n) {
        char c = line.charAt(i);
        if (c == '\\' && i + 1 < n) {
          i = escape(line, i + 1, word);
          continue;
        }
        if (quote != 0) {
          if (c == quote) {
            quote = 0;
          } else {
            word.append(c);
          }
          i++;
          continue;
        }
        if (c == '"' || c == '\'') {
          quote = c;
          i++;
          continue;
        }
        if (isBlank(c)) {
          break;
        }
        word.append(c);
        i++;
      }
      words.add(word.toString());
    }
    return words;
  }

  /** Whether a quote opened on the line is never closed (keepalived then drops the last word). */
  static boolean unmatchedQuote(String line) {
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\') {
        i++;
      } else if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      }
    }
    return quote != 0;
  }

  /** Decodes the escape after a backslash at {@code i}; returns the index after it. */
  private static int escape(String s, int i, StringBuilder out) {
    char c = s.charAt(i);
    int n = s.length();
    if (c == 'x' && i + 1 < n && Character.digit(s.charAt(i + 1), 16) >= 0) {
      int v = 0;
      i++;
      while (i < n && Character.digit(s.charAt(i), 16) >= 0) {
        v = ((v << 4) | Character.digit(s.charAt(i), 16)) & 0xff;
        i++;
      }
      out.append((char) v);
      return i;
    }
    if (c == 'c' && i + 1 < n) {
      out.append((char) (s.charAt(i + 1) & 0x1f));
      return i + 2;
    }
    if (c >= '0' && c <= '7') {
      int v = 0;
      int digits = 0;
      while (i < n && digits < 3 && s.charAt(i) >= '0' && s.charAt(i) <= '7') {
        v = (v << 3) + (s.charAt(i) - '0');
        i++;
        digits++;
      }
      out.append((char) (v & 0xff));
      return i;
    }
    out.append(switch (c) {
      case 'a' -> '\u0007';
      case 'b' -> '\b';
      case 'E' -> '\u001b';
      case 'f' -> '\f';
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      case 'v' -> '\u000b';
      default -> c;
    });
    return i + 1;
  }

  static boolean isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\f' || c == '\n' || c == '\r' || c == '\u000b';
  }
}
