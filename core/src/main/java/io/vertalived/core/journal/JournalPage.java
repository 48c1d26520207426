package io.vertalived.core.journal;

import java.util.List;

/**
 * What a read of the journal found: the entries from the id asked for (at most the number
 * asked), the id to read next, and the oldest id the journal still holds. {@code missed} is the
 * number of entries between the id asked for and that oldest one that the journal no longer has
 * (it holds its last {@link EventJournal#capacity()} events): a reader that was away too long is
 * told so, explicitly, instead of silently skipping them. An event the journal could not write as
 * JSON (none of the bus's records) is counted there too.
 */
public record JournalPage(List<JournalEntry> entries, long next, long oldest, long missed) {
  public JournalPage {
    entries = List.copyOf(entries);
  }
}
