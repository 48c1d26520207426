package io.vertalived.core.bus;

import java.time.Instant;

/**
 * The notifier gave up on a delivery for now (docs/notifier.md). {@code endpoint} is a webhook's
 * name or {@code smtp}; {@code eventId} the journal id of the event it carried. With
 * {@code endpointParked} false, that one delivery was refused for good (a 4xx answer, a redirect)
 * and set aside; with true, the endpoint used up its retry budget: {@code held} deliveries wait,
 * kept, while the endpoint is probed, and are sent in order once it answers. Never a secret: an
 * endpoint appears by name only.
 */
public record DeliveryParked(
    String node, String boot, long sequence, Instant timestamp, String endpoint, long eventId,
    boolean endpointParked, int held, String reason) implements BusMessage {}
