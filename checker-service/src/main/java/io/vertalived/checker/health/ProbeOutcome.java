package io.vertalived.checker.health;

/** What one probe found: success, why not (or what it saw), how long it took. */
public record ProbeOutcome(boolean success, String reason, double latencyMillis) {}
