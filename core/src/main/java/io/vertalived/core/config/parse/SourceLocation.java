package io.vertalived.core.config.parse;

/** Where a configuration token came from: the file and its 1-based line. */
public record SourceLocation(String file, int line) {
  @Override
  public String toString() {
    return file + ":" + line;
  }
}
