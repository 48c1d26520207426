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

  public BlockParser(List<LogicalLine> lines, Diagnostics diag) {
    this.lines = lines;
    this.diag = diag;
  }

  public void parse(KeywordTable root) {
    next = 0;
    skipSublevel = 0;
    level = 0;
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
    return false;
  }

  private void block(KeywordTable.Keyword kw, LogicalLine line) {
    if (next >= lines.size() || !lines.get(next).is("{")) {
      // keepalived 2.2.7: without '{' the block is not opened (reported at the line where it
      // was due) and the following lines are read at this level
      if (next < lines.size()) {
        diag.at(lines.get(next).location());
        diag.error(ConfigErrorCategory.MISSING_BOB, "Missing '{' at beginning of configuration block");
        diag.at(line.location());
      }
      return;
    }
    if (!run(kw.open(), line)) {
      // the handler refused the block (keepalived's skip_block()): skipped, no close handler
      skipSublevel = -1;
      return;
    }
    level++;
    boolean skipped = process(kw.sub(), true);
    level--;
    if (!skipped && kw.close() != null) {
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
        break;
      }
      if (entry.is("{")) {
        // a nested '{' inside a value block is not an entry; keepalived ignores it too
        continue;
      }
      run(kw.line(), entry);
    }
    if (kw.close() != null) {
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
