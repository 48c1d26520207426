package io.vertalived.core.config.parse;

import java.util.List;

/**
 * One statement as keepalived's parser sees it: braces are split onto lines of their own, so a
 * logical line is either {@code {}, {@code }} or a keyword with its arguments; {@code raw} is its
 * text before splitting (null when made otherwise), which keepalived's script keywords split again.
 */
public record LogicalLine(SourceLocation location, List<String> tokens, String raw) {
  public LogicalLine {
    tokens = List.copyOf(tokens);
  }

  public LogicalLine(SourceLocation location, List<String> tokens) {
    this(location, tokens, null);
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
