package io.vertalived.core.config.parse;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The keywords a block accepts, as keepalived's keyword vectors: a plain keyword has a handler;
 * a block keyword opens {@code { ... }} with its own table and a close handler; a value block
 * ({@code virtual_ipaddress}, {@code track_script}, ...) hands each line inside to a line
 * handler. Inactive keywords belong to another subsystem's pass: their blocks are skipped.
 * A block's table may be given as a supplier: it is then built when the block is first met (a
 * configuration without {@code virtual_server} never builds the checkers' hundreds of handlers).
 */
public final class KeywordTable {
  /** A keyword handler; it may call {@link Args#get(int)}, which skips the line if missing. */
  @FunctionalInterface
  public interface Handler {
    void handle(Args args);
  }

  enum Kind { PLAIN, BLOCK, VALUE_BLOCK }

  record Keyword(String name, Kind kind, Handler open, SubTable subTable, Handler line,
                 Runnable close, boolean active, boolean named) {
    KeywordTable sub() {
      return subTable == null ? null : subTable.get();
    }
  }

  /** A block's table, built once, when first asked for. */
  static final class SubTable {
    private Supplier<KeywordTable> builder;
    private KeywordTable table;

    SubTable(Supplier<KeywordTable> builder) {
      this.builder = builder;
    }

    KeywordTable get() {
      if (table == null) {
        table = builder.get();
        builder = null;
      }
      return table;
    }
  }

  private final Map<String, Keyword> keywords = new HashMap<>();

  public KeywordTable add(String name, Handler handler) {
    keywords.put(name, new Keyword(name, Kind.PLAIN, handler, null, null, null, true, false));
    return this;
  }

  /** Keywords keepalived accepts whose values vertalived does not use: accepted, ignored. */
  public KeywordTable accept(String... names) {
    for (String name : names) {
      add(name, a -> { });
    }
    return this;
  }

  public KeywordTable block(String name, Handler open, KeywordTable sub, Runnable close) {
    return block(name, open, () -> sub, close);
  }

  /** A block whose table is built when the block is first met. */
  public KeywordTable block(String name, Handler open, Supplier<KeywordTable> sub, Runnable close) {
    keywords.put(name, new Keyword(name, Kind.BLOCK, open, new SubTable(sub), null, close, true, false));
    return this;
  }

  public KeywordTable valueBlock(String name, Handler open, Handler line, Runnable close) {
    keywords.put(name, new Keyword(name, Kind.VALUE_BLOCK, open, null, line, close, true, false));
    return this;
  }

  /** A value block whose keyword line carries a name ({@code virtual_server_group NAME}). */
  public KeywordTable namedValueBlock(String name, Handler open, Handler line) {
    keywords.put(name, new Keyword(name, Kind.VALUE_BLOCK, open, null, line, null, true, true));
    return this;
  }

  public KeywordTable valueBlock(String name, Handler line) {
    return valueBlock(name, a -> { }, line, null);
  }

  /** A block of this table whose keywords belong to another pass: its content is skipped. */
  public KeywordTable inactive(String... names) {
    for (String name : names) {
      keywords.put(name, new Keyword(name, Kind.BLOCK, null, null, null, null, false, false));
    }
    return this;
  }

  /** Copies the entries of another table into this one (shared keyword sets). */
  public KeywordTable addAll(KeywordTable other) {
    keywords.putAll(other.keywords);
    return this;
  }

  public KeywordTable configure(Consumer<KeywordTable> c) {
    c.accept(this);
    return this;
  }

  /** The keywords of this table (for documentation and the keyword tests). */
  public java.util.SortedSet<String> names() {
    return new java.util.TreeSet<>(keywords.keySet());
  }

  /** The table of a block keyword, if {@code name} is one. */
  public java.util.Optional<KeywordTable> sub(String name) {
    Keyword k = keywords.get(name);
    return java.util.Optional.ofNullable(k == null ? null : k.sub());
  }

  Keyword get(String name) {
    return keywords.get(name);
  }
}
