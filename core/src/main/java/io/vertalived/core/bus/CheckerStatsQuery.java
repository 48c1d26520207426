package io.vertalived.core.bus;

/** A request for a checker instance's counters; {@code reset} starts them again afterwards. */
public record CheckerStatsQuery(@OptionalField boolean reset) {}
