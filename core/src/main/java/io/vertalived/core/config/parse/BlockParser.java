package io.vertalived.core.config.parse;

import java.util.List;

/**
 * Walks the logical lines against keyword tables exactly as keepalived's
 * {@code process_stream()} and {@code alloc_value_block()} do, quirks included, so that the
 * same lines are flagged: an unknown keyword is reported and skipped (its {@code {} is then
 * "Unexpected"), a {@code }} closes the innermost block, a block keyword not followed by
 * {@code {} is ignored and the next line is read at the outer level, and the blocks of an
 * inactive subsystem are skipped by counting braces.
 */
public final class BlockParser {
  private final List<LogicalLine> lines;
  private final Diagnostics diag;
  private int next;
  private int skipSublevel;
  private int level;
  /** The lines ran out inside a block. */
  private boolean atEnd;

  public BlockParser(List<LogicalLine> lines, Diagnostics diag) {
    this.lines = lines;
    this.diag = diag;
  }

  public void parse(KeywordTable root) {
    next = 0;
    skipSublevel = 0;
    level = 0;
    atEnd = false;
    process(root, false);
    diag.at(null);
  }

  /** Returns true when the block was ended while skipping (no close handler then). */
  private boolean process(KeywordTable table, boolean needBob) {
    while (next < lines.size()) {
      LogicalLine line = lines.get(next++);
      diag.at(line.location());
      String str = line.first();
      if (skipSublevel == -1) {
        if (line.is("{")) {
          skipSublevel = 1;
          needBob = false;
          continue;
        }
        skipSublevel = 0;
      }
      if (skipSublevel > 0) {
        for (String t : line.tokens()) {
          if (t.equals("{")) {
            skipSublevel++;
          } else if (t.equals("}") && --skipSublevel == 0) {
            break;
          }
        }
        if (line.is("}") && skipSublevel == 0 && level > 0) {
          return true;
        }
        continue;
      }
      if (needBob) {
        needBob = false;
        if (line.is("{") && level > 0) {
          continue;
        }
        diag.error(ConfigErrorCategory.MISSING_BOB, "Missing '{' at beginning of configuration block");
      } else if (line.is("{")) {
        diag.error(ConfigErrorCategory.UNEXPECTED_BOB, "Unexpected '{' - ignoring");
        continue;
      }
      if (line.is("}") && level > 0) {
        return false;
      }
      KeywordTable.Keyword kw = table.get(str);
      if (kw == null) {
        diag.error(ConfigErrorCategory.UNKNOWN_KEYWORD, "Unknown keyword '" + str + "'");
        continue;
      }
      if (!kw.active()) {
        skipSublevel = -1;
        continue;
      }
      switch (kw.kind()) {
        case PLAIN -> run(kw.open(), line);
        case BLOCK -> block(kw, line);
        case VALUE_BLOCK -> valueBlock(kw, line);
        default -> throw new IllegalStateException();
      }
    }
    atEnd = level > 0;
    return false;
  }

  /**
   * keepalived's process_stream() for a keyword with a sub-table: the handler runs first; the
   * lines that follow are read with the sub-table, whether or not a '{' opens them (a missing
   * one is reported at the line where it was due); a handler that refused the block
   * ({@code skip_block()}) has it skipped when a '{' follows, and the lines read with the
   * sub-table when none does (they then apply to the previous block of that kind, as in
   * keepalived). The close handler runs unless the block was skipped.
   */
  private void block(KeywordTable.Keyword kw, LogicalLine line) {
    if (!run(kw.open(), line)) {
      skipSublevel = -1;
    }
    level++;
    boolean skipped = process(kw.sub(), true);
    level--;
    if (!skipped && kw.close() != null) {
      if (atEnd) {
        // closed by the end of the file: keepalived reports without a line
        diag.at(null);
      }
      kw.close().run();
    }
  }

  private void valueBlock(KeywordTable.Keyword kw, LogicalLine line) {
    if (line.tokens().size() > (kw.named() ? 2 : 1)) {
      diag.error(ConfigErrorCategory.GENERAL_ERROR,
          "Block " + line.first() + " has extra parameters " + line.tokens().get(kw.named() ? 2 : 1) + " ...");
    }
    if (!run(kw.open(), line)) {
      skipSublevel = -1;
      return;
    }
    boolean needBob = true;
    boolean closed = false;
    while (next < lines.size()) {
      LogicalLine entry = lines.get(next++);
      diag.at(entry.location());
      if (needBob) {
        needBob = false;
        if (entry.is("{")) {
          continue;
        }
      }
      if (entry.is("}")) {
        closed = true;
        break;
      }
      // any other line is an entry, a later '{' too (keepalived's alloc_value_block() passes it on)
      run(kw.line(), entry);
    }
    if (kw.close() != null) {
      if (!closed) {
        diag.at(null); // closed by the end of the file: keepalived reports without a line
      }
      kw.close().run();
    }
  }

  /**
   * Runs a keyword's handler: false when it refused its block ({@link Args#skipBlock}); a missing
   * parameter ends the reading ({@link ConfigAborted}).
   */
  private boolean run(KeywordTable.Handler handler, LogicalLine line) {
    if (handler == null) {
      return true;
    }
    try {
      handler.handle(new Args(line, diag));
      return true;
    } catch (Args.SkipBlock e) {
      return false;
    } catch (MissingParameterException e) {
      diag.abort();
      throw new ConfigAborted();
    }
  }
}
