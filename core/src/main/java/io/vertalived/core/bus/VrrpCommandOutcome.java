package io.vertalived.core.bus;

/**
 * What a {@link VrrpCommand} did, answered when it has ended: {@code handedOver} true when a
 * successor took over; {@code outcome} in words ("VI_1 handed over to 198.18.0.1").
 */
public record VrrpCommandOutcome(String instance, boolean handedOver, String outcome) {}
