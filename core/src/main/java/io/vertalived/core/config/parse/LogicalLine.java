package io.vertalived.core.config.parse;

import java.util.List;

/**
 * One statement as keepalived's parser sees it: braces are split onto lines of their own, so a
 * logical line is either {@code {}, {@code }} or a keyword with its arguments.
 */
public record LogicalLine(SourceLocation location, List<String> tokens) {
  public LogicalLine {
    tokens = List.copyOf(tokens);
  }

  public String first() {
    return tokens.get(0);
  }

  public String last() {
    return tokens.get(tokens.size() - 1);
  }

  public boolean is(String token) {
    return tokens.size() == 1 && tokens.get(0).equals(token);
  }
}
