package io.vertalived.core.journal;

import java.util.Map;

/**
 * How many events the journal keeps: {@code VERTALIVED_JOURNAL_CAPACITY} (default 100,000), for
 * the in-memory ring and the cluster's Ringbuffer alike.
 */
public final class JournalSettings {
  public static final String ENV_CAPACITY = "VERTALIVED_JOURNAL_CAPACITY";
  public static final int DEFAULT_CAPACITY = 100_000;

  private JournalSettings() {}

  /** The capacity the environment asks for; an {@link IllegalArgumentException} naming the variable if it is not a count. */
  public static int capacity(Map<String, String> env) {
    String v = env.get(ENV_CAPACITY);
    if (v == null || v.isBlank()) {
      return DEFAULT_CAPACITY;
    }
    try {
      int n = Integer.parseInt(v.strip());
      if (n < 1 || n > 10_000_000) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(ENV_CAPACITY + " must be a count from 1 to 10000000, not '" + v + "'");
    }
  }
}
