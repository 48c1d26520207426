package io.vertalived.notifier.delivery;

import io.vertalived.core.journal.PublishedEvent;

/**
 * One event to send to one endpoint (a webhook by name, or {@link #SMTP}): kept in the store from
 * the moment its event is read from the journal until it is delivered or set aside. Its
 * {@code key} is the same on every attempt and on whichever notifier makes it (journal epoch,
 * event id, endpoint), so a receiver can drop a duplicate; {@code attempts} counts those made.
 */
public record Delivery(String key, String endpoint, String lane, long eventId, PublishedEvent event, int attempts) {
  /** The endpoint of the e-mail alerts. */
  public static final String SMTP = "smtp";

  public static Delivery of(String journalEpoch, String endpoint, PublishedEvent event) {
    String epoch = journalEpoch.length() > 8 ? journalEpoch.substring(0, 8) : journalEpoch;
    return new Delivery(epoch + "." + event.id() + "." + endpoint, endpoint, event.lane(), event.id(), event, 0);
  }

  public Delivery attempted() {
    return new Delivery(key, endpoint, lane, eventId, event, attempts + 1);
  }
}
